import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { Link, useLocation, useNavigate } from "react-router";
import { z } from "../validation";
import { api, unwrap, type Schemas } from "../api/client";
import { newPassword, tokenFromFragment } from "../auth/passwords";
import { useSessionChanged } from "../auth/session";
import { FormError, showApiError, SubmitButton, TextField } from "../components/form";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import { formatDateTime, roleLabel } from "../format";

const newAccount = z
  .object({
    display_name: z.string().trim().min(1, "Enter the name others will see."),
    password: newPassword,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ." });

const existingAccount = z.object({
  display_name: z.string(),
  password: z.string().min(1, "Enter your current password."),
  confirm: z.string(),
});

type Values = z.infer<typeof newAccount>;

function AcceptForm({ token, preview }: { token: string; preview: Schemas["InvitationPreview"] }) {
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  const exists = preview.account_exists;
  const form = useForm<Values>({
    resolver: zodResolver(exists ? existingAccount : newAccount),
    defaultValues: { display_name: preview.display_name, password: "", confirm: "" },
  });
  const { errors } = form.formState;
  const accept = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST("/api/v1/invitations/acceptance", {
          body: exists
            ? { token, password: v.password }
            : { token, password: v.password, display_name: v.display_name },
        }),
      ),
    onSuccess: async (accepted) => {
      await sessionChanged(accepted.csrf_token);
      navigate("/", { replace: true });
    },
    onError: (error) => showApiError(error, form.setError, ["display_name", "password"]),
  });
  return (
    <form className="card form" noValidate onSubmit={form.handleSubmit((v) => accept.mutate(v))}>
      <FormError message={errors.root?.server?.message} />
      {!exists && (
        <TextField
          label="Your name"
          autoComplete="name"
          error={errors.display_name?.message}
          registration={form.register("display_name")}
        />
      )}
      <TextField
        label={exists ? "Your current password" : "Choose a password"}
        type="password"
        autoComplete={exists ? "current-password" : "new-password"}
        hint={exists ? `You already have an account as ${preview.email}.` : "At least 12 characters."}
        error={errors.password?.message}
        registration={form.register("password")}
      />
      {!exists && (
        <TextField
          label="Repeat the password"
          type="password"
          autoComplete="new-password"
          error={errors.confirm?.message}
          registration={form.register("confirm")}
        />
      )}
      <div className="form-actions">
        <SubmitButton busy={accept.isPending} busyLabel="Joining…">
          Accept and sign in
        </SubmitButton>
      </div>
    </form>
  );
}

export default function Invitation() {
  const location = useLocation();
  const token = tokenFromFragment(location.hash);
  const preview = useQuery({
    queryKey: ["invitation", token],
    queryFn: () => unwrap(api.POST("/api/v1/invitations/preview", { body: { token: token! } })),
    enabled: Boolean(token),
    retry: false,
    staleTime: Infinity,
  });

  let body;
  if (!token) {
    body = (
      <EmptyState title="This address has no invitation code.">
        <p>Open the whole link you were sent, or ask the organizer for a new one.</p>
      </EmptyState>
    );
  } else if (preview.isPending) {
    body = <Loading label="Reading the invitation…" />;
  } else if (preview.error) {
    body = (
      <>
        <ErrorAlert error={preview.error} title="This invitation cannot be used." />
        <p>
          Ask the organizer for a new link, or <Link to="/sign-in">sign in</Link> if you already
          accepted it.
        </p>
      </>
    );
  } else {
    const p = preview.data;
    body = (
      <>
        <Card>
          <dl className="facts">
            <dt>Program</dt>
            <dd>{p.program_name}</dd>
            <dt>Cohort</dt>
            <dd>{p.cohort_name}</dd>
            <dt>Role</dt>
            <dd>{roleLabel(p.role)}</dd>
            <dt>Email</dt>
            <dd>{p.email}</dd>
            <dt>Valid until</dt>
            <dd>{formatDateTime(p.expires_at)}</dd>
          </dl>
        </Card>
        <AcceptForm token={token} preview={p} />
      </>
    );
  }
  return (
    <div className="narrow">
      <PageHeader title="Accept your invitation" />
      {body}
    </div>
  );
}
