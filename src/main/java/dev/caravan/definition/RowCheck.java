package dev.caravan.definition;

/**
 * A validation that spans columns. Types:
 * <ul>
 *   <li>{@code zip-state}: the ZIP code's 3-digit prefix belongs to the state ({@code first}=zip, {@code second}=state)</li>
 *   <li>{@code not-before}: {@code second} is not earlier than {@code first} (dates or timestamps)</li>
 * </ul>
 */
public record RowCheck(String type, String first, String second) {
}
