/**
 * Output mappings: how a workspace's model response (the raw InvokeModel JSON) becomes output text, token counts and
 * named extra fields, each chosen by a JSONPath.
 *
 * <ul>
 *   <li>{@link dev.modelgate.mapping.OutputMapping#compile} checks and compiles a mapping when it is saved (violations
 *       carry the field and, for syntax errors, the column); {@link dev.modelgate.mapping.OutputMapping#apply} maps
 *       one response to a {@link dev.modelgate.mapping.MappedOutput} or throws a
 *       {@link dev.modelgate.mapping.MappingException}; {@link dev.modelgate.mapping.OutputMapping#evaluate} reports
 *       every field's {@link dev.modelgate.mapping.MappingResult} for a Test run.</li>
 *   <li>{@link dev.modelgate.mapping.JsonPath} is RFC 9535 on Jackson trees, passing the whole JSONPath Compliance
 *       Test Suite: a recursive-descent parser ({@code PathParser}, {@code FilterParser}, {@code Literals}) that
 *       type-checks filters, builds selectors and expressions once, and a depth-first {@code Walk} that evaluates
 *       them, recording locations only when normalized paths are asked for. {@code match} and {@code search} use
 *       I-Regexp (RFC 9485), translated to {@code java.util.regex} by {@code IRegexpTranslator}.</li>
 *   <li>No path can buy unbounded CPU: each evaluation spends a fixed
 *       {@link dev.modelgate.mapping.EvaluationBudget} (nodes, filter evaluations, regex steps, characters) and
 *       stops with a {@link dev.modelgate.mapping.JsonPathTooCostlyException} ({@code mapping-too-costly}) when one
 *       runs out; shapes whose cost is a high power of the document's size are refused when compiled
 *       ({@code jsonpath-too-costly}).</li>
 * </ul>
 */
package dev.modelgate.mapping;
