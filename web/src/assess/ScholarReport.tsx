import { useParams } from "react-router";
import { ScholarReportView } from "./ScholarReportView";
import { useAccount } from "../auth/session";

export default function ScholarReport() {
  const { cohortId = "", scholarId = "" } = useParams();
  const account = useAccount();
  return (
    <ScholarReportView
      key={`${cohortId}/${scholarId}`}
      cohortId={cohortId}
      scholarId={scholarId}
      own={scholarId === account.id}
    />
  );
}
