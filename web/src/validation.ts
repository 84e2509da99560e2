// Zod, configured for the server's Content-Security-Policy. Zod 4 compiles fast parsers with
// `new Function` when it can, and probes for that with a caught `new Function("")`; the policy
// forbids eval, and browsers report even the caught probe as a violation. jitless turns the
// probe and the compilation off. Import z from here, never from "zod" directly.
import { z } from "zod";

z.config({ jitless: true });

export { z };
