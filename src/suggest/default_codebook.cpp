#include "suggest/default_codebook.h"

namespace trellis::suggest {

std::vector<CodeInfo> default_codebook() {
  return {
      {"perseverance", "Endurance and perseverance",
       "Stays energetic and curious through weeks without a clear direction and after one or two "
       "dead ends; keeps going after failures and setbacks, or gives up and loses motivation."},
      {"resourcefulness", "Hustle and resourcefulness",
       "When stuck, finds another way: reads related work, searches code and forums, asks in "
       "community channels, contacts authors, tries another angle or a workaround."},
      {"help_seeking", "Asking for help, social agency",
       "Knows when to stop going it alone and ask for help, finds the right person to ask, asks "
       "early with a clear question and saves the mentor's time; or stays stuck without asking."},
      {"peer_mentorship", "Peer collaboration",
       "Builds mutually useful relationships with other scholars in the cohort; helps peers and "
       "is helped by them, reviews and pairs with fellow scholars."},
      {"domain_models", "Concrete models of the field",
       "Can explain the main problems and research agendas of the field, why they matter and "
       "where own work fits in the landscape; research taste about which questions are "
       "important."},
      {"reading", "Reading habit",
       "Reads papers and write-ups every week, widely and in adjacent fields too; keeps up with "
       "the literature, or reads little."},
      {"ml_expertise", "ML and LLM expertise",
       "Hands-on experience with machine learning models: training, fine-tuning, running and "
       "debugging experiments, evaluating and prompting language models; good intuitions for "
       "experiments."},
      {"communication", "Research communication",
       "Concise updates and write-ups, clear presentations, states the main result and the main "
       "bottleneck, prepares an agenda, leads and steers the 1:1 meetings."},
      {"wellbeing", "Emotional stability and wellbeing",
       "Looks after own mental health, sleep and work-life balance; steady and calm when results "
       "or news are discouraging; or stressed, anxious, exhausted, burned out."},
      {"intelligence", "Raw intelligence",
       "Being smart, bright, clever, quick or gifted; intellect and brainpower, including the "
       "feeling of not being smart enough."},
      {"credentials", "Credentials",
       "Formal qualifications: a PhD or doctorate, degrees, a prestigious university, "
       "publications on the CV, academic background and titles."},
      {"technical_knowledge", "Technical knowledge",
       "General technical background: mathematics, statistics, linear algebra, programming and "
       "software engineering, computer science fundamentals."},
      {"confidence", "Confidence and imposter feelings",
       "Self-belief or self-doubt: feeling like an impostor or a fraud, afraid of being wrong "
       "or judged, not feeling one belongs or deserves a place, holding back own opinions."},
  };
}

}  // namespace trellis::suggest
