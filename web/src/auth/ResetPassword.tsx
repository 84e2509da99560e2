import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Link, useLocation, useNavigate } from "react-router";
import type { z } from "../validation";
import { api, unwrap } from "../api/client";
import { newPasswordPair, tokenFromFragment } from "./passwords";
import { FormError, NewPasswordFields, SubmitButton } from "../components/form";
import { useFormMutation } from "../components/useFormMutation";
import { EmptyState, PageHeader } from "../components/ui";

type Values = z.infer<typeof newPasswordPair>;

export default function ResetPassword() {
  const location = useLocation();
  const navigate = useNavigate();
  const token = tokenFromFragment(location.hash);
  const form = useForm<Values>({
    resolver: zodResolver(newPasswordPair),
    defaultValues: { new_password: "", confirm: "" },
  });
  const { errors } = form.formState;
  const redeem = useFormMutation(form, {
    mutationFn: (v: Values) =>
      unwrap(
        api.POST("/api/v1/password-resets/redemption", {
          body: { token: token!, new_password: v.new_password },
        }),
      ),
    fields: ["new_password"],
    onSuccess: () => navigate("/sign-in?notice=password-reset", { replace: true }),
  });

  if (!token) {
    return (
      <div className="narrow">
        <PageHeader title="Choose a new password" />
        <EmptyState title="This address has no reset code.">
          <p>
            Open the whole link you were given, or ask an administrator for a new one.{" "}
            <Link to="/sign-in">Back to sign in</Link>
          </p>
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="narrow">
      <PageHeader
        title="Choose a new password"
        intro="The link works once. Your other sessions end when the password changes."
      />
      <form className="card form" noValidate onSubmit={redeem.submit}>
        <FormError message={errors.root?.server?.message} />
        <NewPasswordFields
          hint="At least 12 characters. A long phrase is easy to remember and hard to guess."
          newPassword={{ registration: form.register("new_password"), error: errors.new_password?.message }}
          confirm={{ registration: form.register("confirm"), error: errors.confirm?.message }}
        />
        <div className="form-actions">
          <SubmitButton busy={redeem.isPending}>Set password</SubmitButton>
        </div>
      </form>
    </div>
  );
}
