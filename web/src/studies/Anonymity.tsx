// What "anonymous" guarantees, in plain words: for staff choosing the mode, and for the person
// about to answer.
export function AnonymousExplainer({ audience }: { audience: "staff" | "respondent" }) {
  if (audience === "respondent")
    return (
      <div className="alert anonymity" role="note" aria-label="Your answer is anonymous">
        <p className="alert-title">Your answer is anonymous.</p>
        <ul>
          <li>
            Your answer is stored without your name, your account, the day or time, or your address. Nobody — not the
            people running the study, not an administrator with access to the database — can link it to you.
          </li>
          <li>Trellis only notes that you took part, kept apart from the answers, so that you are not asked again.</li>
          <li>
            Answers are read only after the study closes, and results for groups too small to hide a person are not
            shown.
          </li>
          <li>Do not write anything in your answers that names you, if you want to stay anonymous.</li>
        </ul>
      </div>
    );
  return (
    <div className="hint anonymity-hint">
      <p>What anonymous guarantees:</p>
      <ul>
        <li>
          No name, account, day, time or network address is stored with an answer; nobody, not even an administrator
          with database access, can link an answer to its author.
        </li>
        <li>
          Who took part is kept apart from the answers; you see how many answered, never who has not, and answers carry
          no day.
        </li>
        <li>
          You can read the answers only once the study is closed (which is then final) and at least the program's
          minimum group size answered; groups smaller than that are shown merged, never on their own.
        </li>
        <li>Transcripts cannot be imported into an anonymous study (they name their interviewee).</li>
      </ul>
    </div>
  );
}

type ReleaseInfo = {
  mode: "named" | "anonymous";
  answers_release?: "released" | "study_not_closed" | "too_few_responses";
};

/** Whether staff may read the study's answers now (the server decides; see ADR 11). */
export function answersReadable(study: ReleaseInfo): boolean {
  return study.mode === "named" || study.answers_release === "released";
}

/** Why the answers of an anonymous study cannot be read yet, for analysts. */
export function AnswersWithheld({
  study,
  doing,
}: {
  study: ReleaseInfo & { id: string; responses?: number; min_group_size?: number };
  doing: string;
}) {
  const min = study.min_group_size ?? 3;
  if (study.answers_release === "too_few_responses")
    return (
      <div className="hint answers-withheld" role="note" aria-label="Why the answers are withheld">
        <p className="alert-title">The answers stay withheld: fewer than {min} people responded.</p>
        <p>
          An anonymous study releases its answers only when at least {min} people (the program's minimum group size)
          answered; with fewer, an answer could point to its author. It was closed with {study.responses ?? 0}, and
          closing is final.
        </p>
      </div>
    );
  return (
    <div className="hint answers-withheld" role="note" aria-label="Why the answers are withheld">
      <p className="alert-title">
        You can {doing} once the study is closed and at least {min} people answered.
      </p>
      <p>
        Until then nobody can read the answers, so that a new answer cannot be told apart by when it arrived. Closing an
        anonymous study with answers is final: it cannot be reopened, because reading, reopening and reading again would
        show which answer came from whoever responded in between.
      </p>
    </div>
  );
}

/** A respondent group as shown in an anonymous study, in lower case: "all" and "other" are the
 * server's merged groups (groups too small to show on their own). */
export function anonymousGroupLabel(group: string): string {
  if (group === "all") return "respondent";
  if (group === "other") return "respondent of a small group";
  return group;
}
