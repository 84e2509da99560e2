// Names for coder ids: "you", a cohort member's name, or "another coder".
import type { StudyView } from "../api/client";
import { useMembers } from "../api/queries";
import { useAccount } from "../auth/session";
import { useCoders } from "./api";

export function useCoderNames(study: StudyView) {
  const account = useAccount();
  const members = useMembers(study.cohort_id);
  return (id: string) => {
    if (id === account.id) return "you";
    return members.data?.find((m) => m.user_id === id)?.display_name ?? "another coder";
  };
}

/** Whether the signed-in coder still codes blind: others' coding and shared reports are hidden. */
export function useBlinded(study: StudyView): { blinded: boolean; isPending: boolean } {
  const account = useAccount();
  const coders = useCoders(study.id);
  if (!study.blind_coding) return { blinded: false, isPending: false };
  const me = coders.data?.find((c) => c.user_id === account.id);
  return { blinded: !(me?.finished ?? false), isPending: coders.isPending };
}
