import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Link } from "react-router";
import { z } from "../validation";
import { api, unwrap } from "../api/client";
import { keys, usePrograms } from "../api/queries";
import { managesProgram } from "../auth/access";
import { useAccount } from "../auth/session";
import { FormError, SubmitButton, TextField } from "../components/form";
import { useFormMutation } from "../components/useFormMutation";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";

const schema = z.object({
  name: z.string().trim().min(1, "Name the program.").max(200, "Use at most 200 characters."),
  description: z.string(),
});
type Values = z.infer<typeof schema>;

function NewProgram() {
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { name: "", description: "" } });
  const { errors } = form.formState;
  const create = useFormMutation(form, {
    mutationFn: (v: Values) => unwrap(api.POST("/api/v1/programs", { body: v })),
    fields: ["name", "description"],
    resetOnSuccess: true,
    invalidate: [keys.programs],
  });
  return (
    <Card title="New program">
      <form className="form" noValidate onSubmit={create.submit}>
        <FormError message={errors.root?.server?.message} />
        <TextField label="Name" error={errors.name?.message} registration={form.register("name")} />
        <TextField
          label="Description"
          error={errors.description?.message}
          registration={form.register("description")}
        />
        <div className="form-actions">
          <SubmitButton busy={create.isPending}>Create program</SubmitButton>
        </div>
      </form>
    </Card>
  );
}

export default function Programs() {
  const account = useAccount();
  const programs = usePrograms();
  const managed = (programs.data ?? []).filter((p) => managesProgram(account, p.id));

  let list;
  if (programs.isPending) list = <Loading label="Loading programs…" />;
  else if (programs.error) list = <ErrorAlert error={programs.error} />;
  else if (managed.length === 0)
    list = (
      <EmptyState title="No programs to manage.">
        <p>Programs you organize appear here. Site administrators create new programs.</p>
      </EmptyState>
    );
  else
    list = (
      <ul className="item-list">
        {managed.map((p) => (
          <li key={p.id} className="item">
            <div>
              <p className="item-title">
                <Link to={`/programs/${p.id}`}>{p.name}</Link>
              </p>
              {p.description && <p className="muted">{p.description}</p>}
            </div>
          </li>
        ))}
      </ul>
    );
  return (
    <>
      <PageHeader title="Programs" intro="Programs you organize: their cohorts, streams and settings." />
      <div className={account.is_admin ? "two-columns" : undefined}>
        <Card title="Your programs">{list}</Card>
        {account.is_admin && <NewProgram />}
      </div>
    </>
  );
}
