import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Link, useSearchParams } from "react-router";
import { z } from "../validation";
import { api, unwrap } from "../api/client";
import { useSessionChanged } from "./session";
import { FormError, SubmitButton, TextField } from "../components/form";
import { useFormMutation } from "../components/useFormMutation";
import { PageHeader, SuccessAlert } from "../components/ui";

const schema = z.object({
  email: z.string().trim().min(1, "Enter your email address.").email("Enter a valid email address."),
  password: z.string().min(1, "Enter your password."),
});
type Values = z.infer<typeof schema>;

export default function SignIn() {
  const [params] = useSearchParams();
  const sessionChanged = useSessionChanged();
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { email: "", password: "" } });
  const { errors } = form.formState;
  const signIn = useFormMutation(form, {
    mutationFn: (values: Values) => unwrap(api.POST("/api/v1/sessions", { body: values })),
    fields: ["email", "password"],
    // The guard sends the signed-in person on to ?next= or home once the session is read.
    onSuccess: (signedIn) => sessionChanged(signedIn.csrf_token),
  });
  const notice = params.get("notice");

  return (
    <div className="narrow">
      <PageHeader title="Sign in" intro="Trellis supports research mentorship programs." />
      {notice === "password-reset" && <SuccessAlert>Your password was changed. Sign in with the new one.</SuccessAlert>}
      <form className="card form" noValidate onSubmit={signIn.submit} aria-label="Sign in">
        <FormError message={errors.root?.server?.message} />
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          error={errors.email?.message}
          registration={form.register("email")}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          error={errors.password?.message}
          registration={form.register("password")}
        />
        <div className="form-actions">
          <SubmitButton busy={signIn.isPending} busyLabel="Signing in…">
            Sign in
          </SubmitButton>
          <Link to="/forgot-password">Forgot your password?</Link>
        </div>
      </form>
    </div>
  );
}
