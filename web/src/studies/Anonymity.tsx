// What "anonymous" guarantees, in plain words: for staff choosing the mode, and for the person
// about to answer.
export function AnonymousExplainer({ audience }: { audience: "staff" | "respondent" }) {
  if (audience === "respondent")
    return (
      <div className="alert anonymity" role="note" aria-label="Your answer is anonymous">
        <p className="alert-title">Your answer is anonymous.</p>
        <ul>
          <li>
            Your answer is stored without your name, your account, the time of day or your address. Nobody — not the
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
          No name, account, time of day or network address is stored with an answer; nobody, not even an administrator
          with database access, can link an answer to its author.
        </li>
        <li>Who took part is kept apart from the answers, only so that reminders go to the right people.</li>
        <li>You can read the answers only once the study is closed, and reports hide groups smaller than the program's minimum size.</li>
        <li>Transcripts cannot be imported into an anonymous study (they name their interviewee).</li>
      </ul>
    </div>
  );
}
