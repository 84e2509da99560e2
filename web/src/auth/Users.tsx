import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api, unwrap, type OneTimeLink, type User } from "../api/client";
import { keys } from "../api/queries";
import { useAccount } from "./session";
import { EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import { formatDate } from "../format";
import { fetchAllPages, PAGE_SIZE } from "../api/paging";

async function fetchUsers(): Promise<User[]> {
  return fetchAllPages((cursor) =>
    unwrap(api.GET("/api/v1/users", { params: { query: { limit: PAGE_SIZE, cursor } } })),
  );
}

function UserActions({ user, self }: { user: User; self: boolean }) {
  const client = useQueryClient();
  const [link, setLink] = useState<OneTimeLink | undefined>();
  const toggle = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/users/{id}", { params: { path: { id: user.id } }, body: { disabled: !user.disabled } }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: keys.users }),
  });
  const reset = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/users/{id}/password-resets", { params: { path: { id: user.id } } })),
    onSuccess: setLink,
  });
  return (
    <div className="row-actions">
      <button
        type="button"
        className="button"
        disabled={reset.isPending}
        onClick={() => reset.mutate()}
        aria-label={`Create a password reset link for ${user.display_name}`}
      >
        Reset link
      </button>
      {!self && (
        <button
          type="button"
          className={user.disabled ? "button" : "button danger"}
          disabled={toggle.isPending}
          onClick={() => toggle.mutate()}
          aria-label={`${user.disabled ? "Enable" : "Disable"} ${user.display_name}`}
        >
          {user.disabled ? "Enable" : "Disable"}
        </button>
      )}
      <ErrorAlert error={toggle.error ?? reset.error} />
      {link && (
        <p role="status" className="link-out">
          Send this link (valid 24 hours, once): <code className="secret">{window.location.origin + link.path}</code>
        </p>
      )}
    </div>
  );
}

export default function Users() {
  const account = useAccount();
  const searchId = useId();
  const [search, setSearch] = useState("");
  const users = useQuery({ queryKey: keys.users, queryFn: fetchUsers });
  const needle = search.trim().toLowerCase();
  const shown = (users.data ?? []).filter(
    (u) => !needle || u.display_name.toLowerCase().includes(needle) || u.email.toLowerCase().includes(needle),
  );

  let body;
  if (users.isPending) body = <Loading label="Loading accounts…" />;
  else if (users.error) body = <ErrorAlert error={users.error} />;
  else if (shown.length === 0) body = <EmptyState title="No account matches the search." />;
  else
    body = (
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Accounts</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Status</th>
              <th scope="col">Since</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((u) => (
              <tr key={u.id}>
                <td data-label="Name">{u.display_name}</td>
                <td data-label="Email">{u.email}</td>
                <td data-label="Status">
                  {u.disabled ? "Disabled" : "Active"}
                  {u.is_admin && <span className="badge">Administrator</span>}
                </td>
                <td data-label="Since">{formatDate(u.created_at.slice(0, 10))}</td>
                <td className="actions">
                  <UserActions user={u} self={u.id === account.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  return (
    <>
      <PageHeader
        title="Accounts"
        intro="Every account on this Trellis. Disabling an account ends its sessions at once; a reset link lets its owner choose a new password."
      />
      <div className="filters" role="search" aria-label="Search accounts">
        <div className="field">
          <label htmlFor={searchId}>Search</label>
          <input
            id={searchId}
            type="search"
            placeholder="Name or email"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
      </div>
      {body}
    </>
  );
}
