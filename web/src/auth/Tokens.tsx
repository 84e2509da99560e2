import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "../validation";
import { api, unwrap, type ApiToken } from "../api/client";
import { keys } from "../api/queries";
import { FormError, SelectField, SubmitButton, TextField } from "../components/form";
import { useFormMutation } from "../components/useFormMutation";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import { formatDateTime, formatRelative } from "../format";

const schema = z.object({
  name: z.string().trim().min(1, "Name the token, e.g. after the script that uses it."),
  expires_in_days: z.string(),
});
type Values = z.infer<typeof schema>;

const EXPIRY_OPTIONS = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "One year" },
  { value: "", label: "Never (until revoked)" },
] as const;

export default function Tokens() {
  const client = useQueryClient();
  const [created, setCreated] = useState<ApiToken | undefined>();
  const tokens = useQuery({
    queryKey: keys.tokens,
    queryFn: async () => (await unwrap(api.GET("/api/v1/me/tokens"))).items,
  });
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", expires_in_days: "90" },
  });
  const { errors } = form.formState;
  const create = useFormMutation(form, {
    mutationFn: (v: Values) =>
      unwrap(
        api.POST("/api/v1/me/tokens", {
          body: v.expires_in_days ? { name: v.name, expires_in_days: Number(v.expires_in_days) } : { name: v.name },
        }),
      ),
    fields: ["name", "expires_in_days"],
    resetOnSuccess: true,
    invalidate: [keys.tokens],
    onSuccess: (token) => setCreated(token),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/me/tokens/{id}", { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.tokens }),
  });

  let list;
  if (tokens.isPending) list = <Loading label="Loading your tokens…" />;
  else if (tokens.error) list = <ErrorAlert error={tokens.error} />;
  else if (tokens.data.length === 0)
    list = (
      <EmptyState title="No API tokens yet.">
        <p>Create one to let a script read or change Trellis as you.</p>
      </EmptyState>
    );
  else
    list = (
      <ul className="item-list">
        {tokens.data.map((t) => (
          <li key={t.id} className="item">
            <div>
              <p className="item-title">{t.name}</p>
              <p className="muted">
                Created {formatDateTime(t.created_at)} ·{" "}
                {t.last_used_at ? `last used ${formatRelative(t.last_used_at)}` : "never used"} ·{" "}
                {t.expires_at ? `expires ${formatDateTime(t.expires_at)}` : "never expires"}
              </p>
            </div>
            <button
              type="button"
              className="button danger"
              onClick={() => revoke.mutate(t.id)}
              disabled={revoke.isPending && revoke.variables === t.id}
              aria-label={`Revoke the token ${t.name}`}
            >
              Revoke
            </button>
          </li>
        ))}
      </ul>
    );

  return (
    <>
      <PageHeader
        title="API tokens"
        intro={
          <>
            Scripts send a token as <code>Authorization: Bearer trl_…</code>. A token acts as you, except that it cannot
            change your password or create tokens.
          </>
        }
      />
      {created?.secret && (
        <div className="alert alert-success" role="status">
          <p className="alert-title">Token “{created.name}” created. Copy it now: it is not shown again.</p>
          <p>
            <code className="secret">{created.secret}</code>
          </p>
        </div>
      )}
      <div className="two-columns">
        <Card title="Your tokens">
          <ErrorAlert error={revoke.error} />
          {list}
        </Card>
        <Card title="New token">
          <form className="form" noValidate onSubmit={create.submit}>
            <FormError message={errors.root?.server?.message} />
            <TextField label="Token name" error={errors.name?.message} registration={form.register("name")} />
            <SelectField
              label="Expires after"
              error={errors.expires_in_days?.message}
              registration={form.register("expires_in_days")}
              options={EXPIRY_OPTIONS}
            />
            <div className="form-actions">
              <SubmitButton busy={create.isPending} busyLabel="Creating…">
                Create token
              </SubmitButton>
            </div>
          </form>
        </Card>
      </div>
    </>
  );
}
