// The signed-in account, read once from GET /sessions/current and kept in the query cache.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { api, ApiError, setCsrfToken, unwrap, type Account } from "../api/client";

export const SESSION_KEY = ["session"] as const;

async function fetchSession(): Promise<Account | null> {
  try {
    const current = await unwrap(api.GET("/api/v1/sessions/current"));
    setCsrfToken(current.csrf_token);
    return current.user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    throw e;
  }
}

/** The account (null when signed out), and whether it is still being read. */
export function useSession() {
  const query = useQuery({
    queryKey: SESSION_KEY,
    queryFn: fetchSession,
    staleTime: 60_000,
    retry: false,
  });
  return {
    account: query.data ?? undefined,
    isLoading: query.isPending,
    error: query.error,
  };
}

/** The account, for pages that only render when signed in. */
export function useAccount(): Account {
  const { account } = useSession();
  if (!account) throw new Error("useAccount outside a signed-in page");
  return account;
}

/**
 * Call after the server set or cleared the session cookie: forgets everything cached for the
 * previous person and reads the session again.
 */
export function useSessionChanged() {
  const client = useQueryClient();
  return useCallback(
    async (csrfToken: string | undefined) => {
      setCsrfToken(csrfToken);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      await client.invalidateQueries({ queryKey: SESSION_KEY });
    },
    [client],
  );
}
