-- A scholar's request for a conversation is shared with the support team and logged as a
-- disclosure of its own kind.
ALTER TABLE wellbeing_disclosures DROP CONSTRAINT wellbeing_disclosures_what_check;
ALTER TABLE wellbeing_disclosures ADD CONSTRAINT wellbeing_disclosures_what_check
  CHECK (what IN ('alert', 'answers', 'support_flag', 'conversation_request'));
