import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { Link, useLocation, useNavigate } from "react-router";
import { z } from "../validation";
import { api, unwrap, type Schemas } from "../api/client";
import { newPassword, tokenFromFragment } from "./passwords";
import { useSession, useSessionChanged } from "./session";
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

// A password-less account the inviting program created: it keeps its name.
const firstPassword = z
  .object({ display_name: z.string(), password: newPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ." });

type Values = z.infer<typeof newAccount>;
type Preview = Schemas["InvitationPreview"];

/** Accepting with a new password: a new account, or the first password of a program's account. */
function ChoosePasswordForm({ token, preview }: { token: string; preview: Preview }) {
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  const exists = preview.account_exists;
  const form = useForm<Values>({
    resolver: zodResolver(exists ? firstPassword : newAccount),
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
        label="Choose a password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters."
        error={errors.password?.message}
        registration={form.register("password")}
      />
      <TextField
        label="Repeat the password"
        type="password"
        autoComplete="new-password"
        error={errors.confirm?.message}
        registration={form.register("confirm")}
      />
      <div className="form-actions">
        <SubmitButton busy={accept.isPending} busyLabel="Joining…">
          Accept and sign in
        </SubmitButton>
      </div>
    </form>
  );
}

const signInSchema = z.object({ password: z.string().min(1, "Enter your password.") });
type SignInValues = z.infer<typeof signInSchema>;

/**
 * The email already has an account: the invitation never checks or sets its password, so the
 * person signs in as that account (the ordinary, throttled sign-in) and accepts from the session.
 */
function SignInToAccept({ token, preview }: { token: string; preview: Preview }) {
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  const { account } = useSession();
  const form = useForm<SignInValues>({ resolver: zodResolver(signInSchema), defaultValues: { password: "" } });
  const { errors } = form.formState;
  const join = async () => {
    await unwrap(api.POST("/api/v1/invitations/acceptance", { body: { token } }));
    navigate("/", { replace: true });
  };
  const accept = useMutation({
    mutationFn: join,
    onError: (error) => showApiError(error, form.setError, []),
  });
  const signInAndAccept = useMutation({
    mutationFn: async (v: SignInValues) => {
      const signedIn = await unwrap(
        api.POST("/api/v1/sessions", { body: { email: preview.email, password: v.password } }),
      );
      await sessionChanged(signedIn.csrf_token);
      await join();
    },
    onError: (error) => showApiError(error, form.setError, ["password"]),
  });

  if (account && account.email !== preview.email) {
    return (
      <Card>
        <p>
          This invitation is for {preview.email}, but you are signed in as {account.email}. Sign out, then open the link
          again.
        </p>
      </Card>
    );
  }
  if (account) {
    return (
      <form className="card form" noValidate onSubmit={form.handleSubmit(() => accept.mutate())}>
        <FormError message={errors.root?.server?.message} />
        <p>You are signed in as {account.email}.</p>
        <div className="form-actions">
          <SubmitButton busy={accept.isPending} busyLabel="Joining…">
            Accept invitation
          </SubmitButton>
        </div>
      </form>
    );
  }
  return (
    <form
      className="card form"
      noValidate
      aria-label="Sign in to accept"
      onSubmit={form.handleSubmit((v) => signInAndAccept.mutate(v))}
    >
      <FormError message={errors.root?.server?.message} />
      <p>You already have an account as {preview.email}: sign in to accept.</p>
      <TextField
        label="Your password"
        type="password"
        autoComplete="current-password"
        error={errors.password?.message}
        registration={form.register("password")}
      />
      <div className="form-actions">
        <SubmitButton busy={signInAndAccept.isPending} busyLabel="Signing in…">
          Sign in to accept
        </SubmitButton>
        <Link to="/forgot-password">Forgot your password?</Link>
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
          Ask the organizer for a new link, or <Link to="/sign-in">sign in</Link> if you already accepted it.
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
        {p.sign_in_required ? (
          <SignInToAccept token={token} preview={p} />
        ) : (
          <ChoosePasswordForm token={token} preview={p} />
        )}
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
