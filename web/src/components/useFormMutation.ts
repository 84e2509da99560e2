// A form's submission to the API, written once: the mutation, where an API error goes, and which
// cached queries to refresh afterwards.
import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { showApiError } from "./form";

export interface FormMutationOptions<V extends FieldValues, R> {
  mutationFn: (values: V) => Promise<R>;
  /** The form fields an API error may name; an error naming another goes to the form's top. */
  fields: readonly Path<V>[];
  aliases?: Record<string, Path<V>>;
  /** Clear the form once the request succeeded (a "new …" form). */
  resetOnSuccess?: boolean;
  /** Cached queries the change makes stale, refreshed after onSuccess. */
  invalidate?: QueryKey[];
  onSuccess?: (result: R, values: V) => unknown;
  onError?: (error: Error) => void;
}

/** useMutation bound to a react-hook-form form; `submit` is the form's onSubmit handler. */
export function useFormMutation<V extends FieldValues, R>(form: UseFormReturn<V>, options: FormMutationOptions<V, R>) {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: options.mutationFn,
    onSuccess: async (result: R, values: V) => {
      if (options.resetOnSuccess) form.reset();
      await options.onSuccess?.(result, values);
      await Promise.all((options.invalidate ?? []).map((queryKey) => client.invalidateQueries({ queryKey })));
    },
    onError: (error: Error) => {
      options.onError?.(error);
      showApiError(error, form.setError, options.fields, options.aliases);
    },
  });
  return { ...mutation, submit: form.handleSubmit((values) => mutation.mutate(values)) };
}
