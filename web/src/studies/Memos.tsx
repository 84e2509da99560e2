// Memos on the study or on one code: the analyst's notes while coding. Edits carry the memo's
// version; a stale one is refused (409) and the list is read again.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api, unwrap, type Memo } from "../api/client";
import { useAccount } from "../auth/session";
import { ErrorAlert, Loading } from "../components/ui";
import { formatDateTime } from "../format";
import { studyKeys } from "./api";

function MemoItem({ memo, studyId }: { memo: Memo; studyId: string }) {
  const account = useAccount();
  const client = useQueryClient();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(memo.text);
  const done = () => client.invalidateQueries({ queryKey: ["studies", studyId, "memos"] });
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/memos/{id}", { params: { path: { id: memo.id } }, body: { text, version: memo.version } }),
      ),
    onSuccess: () => setEditing(false),
    onSettled: done,
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/memos/{id}", { params: { path: { id: memo.id } } })),
    onSettled: done,
  });
  const mine = memo.author_id === account.id;
  return (
    <li className="memo">
      {editing ? (
        <div className="field">
          <label htmlFor={id}>Edit memo</label>
          <textarea id={id} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
          <div className="row-actions">
            <button
              type="button"
              className="button primary"
              disabled={save.isPending || !text.trim()}
              onClick={() => save.mutate()}
            >
              Save memo
            </button>
            <button type="button" className="button subtle" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <>
          <p className="memo-text">{memo.text}</p>
          <p className="muted">
            {mine ? "You" : "Another coder"}, {formatDateTime(memo.updated_at)}
            {mine && (
              <>
                {" · "}
                <button type="button" className="link-button" onClick={() => setEditing(true)}>
                  Edit
                </button>
                {" · "}
                <button type="button" className="link-button" onClick={() => remove.mutate()}>
                  Delete
                </button>
              </>
            )}
          </p>
        </>
      )}
      <ErrorAlert error={save.error ?? remove.error} />
    </li>
  );
}

export function Memos({ studyId, codeId, label }: { studyId: string; codeId?: string; label: string }) {
  const client = useQueryClient();
  const id = useId();
  const [text, setText] = useState("");
  const memos = useQuery({
    queryKey: studyKeys.memos(studyId, codeId),
    queryFn: async () =>
      (
        await unwrap(
          api.GET("/api/v1/studies/{id}/memos", { params: { path: { id: studyId }, query: { code_id: codeId } } }),
        )
      ).items,
  });
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/studies/{id}/memos", {
          params: { path: { id: studyId } },
          body: { text: text.trim(), ...(codeId && { code_id: codeId }) },
        }),
      ),
    onSuccess: () => setText(""),
    onSettled: () => client.invalidateQueries({ queryKey: ["studies", studyId, "memos"] }),
  });
  const shown = (memos.data ?? []).filter((m) => (codeId ? m.code_id === codeId : !m.code_id));
  return (
    <div className="memos">
      {memos.isPending && <Loading label="Loading memos…" />}
      <ErrorAlert error={memos.error} />
      {memos.isSuccess && shown.length === 0 && <p className="muted">No memos yet.</p>}
      <ul className="memo-list">
        {shown.map((m) => (
          <MemoItem key={`${m.id}-${m.version}`} memo={m} studyId={studyId} />
        ))}
      </ul>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <textarea id={id} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <button type="button" className="button" disabled={!text.trim() || add.isPending} onClick={() => add.mutate()}>
        Add memo
      </button>
      <ErrorAlert error={add.error} />
    </div>
  );
}
