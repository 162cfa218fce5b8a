/**
 * True only when A and B are the very same type (every field, its optionality and its type), for
 * compile-time checks that an adapter's shape is the domain's: `const check: Same<Row, Model> = true`
 * stops the typecheck when one side gains a field the other lacks.
 */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
