import { Link } from "react-router";
import { Card, PageHeader } from "../components/ui";

export default function ForgotPassword() {
  return (
    <div className="narrow">
      <PageHeader title="Forgot password" />
      <Card>
        <p>
          Trellis does not send email. Ask your program's administrator for a password reset link: they create it on the{" "}
          <em>Accounts</em> page and send it to you. The link works once, for 24 hours, and lets you choose a new
          password.
        </p>
        <p>
          <Link to="/sign-in">Back to sign in</Link>
        </p>
      </Card>
    </div>
  );
}
