import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "../validation";
import { api, unwrap } from "../api/client";
import { keys } from "../api/queries";
import { newPassword } from "./passwords";
import { FormError, NewPasswordFields, SubmitButton, TextField } from "../components/form";
import { useFormMutation } from "../components/useFormMutation";
import { PageHeader, SuccessAlert } from "../components/ui";

const schema = z
  .object({
    current_password: z.string().min(1, "Enter your current password."),
    new_password: newPassword,
    confirm: z.string(),
  })
  .refine((v) => v.new_password === v.confirm, { path: ["confirm"], message: "The two passwords differ." });
type Values = z.infer<typeof schema>;

export default function ChangePassword() {
  const [done, setDone] = useState(false);
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { current_password: "", new_password: "", confirm: "" },
  });
  const { errors } = form.formState;
  const change = useFormMutation(form, {
    mutationFn: (v: Values) =>
      unwrap(
        api.PUT("/api/v1/me/password", {
          body: { current_password: v.current_password, new_password: v.new_password },
        }),
      ),
    fields: ["current_password", "new_password"],
    resetOnSuccess: true,
    invalidate: [keys.sessions], // the others ended
    onSuccess: () => setDone(true),
    onError: () => {
      setDone(false);
    },
  });
  return (
    <div className="narrow">
      <PageHeader
        title="Change password"
        intro="Changing your password signs you out everywhere else; this browser stays signed in."
      />
      {done && <SuccessAlert>Your password was changed and your other sessions ended.</SuccessAlert>}
      <form className="card form" noValidate onSubmit={change.submit}>
        <FormError message={errors.root?.server?.message} />
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          error={errors.current_password?.message}
          registration={form.register("current_password")}
        />
        <NewPasswordFields
          newPassword={{ registration: form.register("new_password"), error: errors.new_password?.message }}
          confirm={{ registration: form.register("confirm"), error: errors.confirm?.message }}
        />
        <div className="form-actions">
          <SubmitButton busy={change.isPending}>Change password</SubmitButton>
        </div>
      </form>
    </div>
  );
}
