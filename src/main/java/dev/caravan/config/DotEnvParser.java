package dev.caravan.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the lines of a {@code .env} file as the usual dotenv tools write them: {@code NAME=value},
 * an optional {@code export } prefix, blank lines and {@code #} comments, values unquoted (an inline
 * comment starts at a {@code #} after white space), in double quotes (escapes {@code \" \\ \n \r \t
 * \$}, may span lines) or in single quotes (literal, may span lines). A later line wins over an earlier
 * one of the same name.
 *
 * <p>A value is a secret: no message of this class ever holds one, nor any text of a line it could
 * not read (a pasted token on a line of its own must not reach a log); errors name the file and the
 * line number only.
 */
public final class DotEnvParser {

    /** An environment-variable name; dots and dashes are allowed for Quarkus-style keys. */
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
    private static final Pattern ASSIGNMENT = Pattern.compile("^(?:export[ \\t]+)?([^=\\s]+)[ \\t]*=([ \\t]*)(.*)$");

    private DotEnvParser() {
    }

    /**
     * A line the parser cannot read; the message names the file and line, never their content. A
     * {@code ConfigurationException}: Quarkus then stops the start printing the message alone.
     */
    public static final class DotEnvException extends io.quarkus.runtime.configuration.ConfigurationException {
        DotEnvException(String message) {
            super(message);
        }
    }

    /**
     * The settings of the file, in file order. Values written in single quotes are literal: a
     * {@code ${} in them is escaped so that configuration does not expand it.
     *
     * @param file how errors name the file (its path)
     */
    public static Map<String, String> parse(List<String> lines, String file) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = strip(lines.get(i), i == 0);
            String trimmed = line.stripLeading();
            if (trimmed.isBlank() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher m = ASSIGNMENT.matcher(trimmed);
            if (!m.matches()) {
                throw error(file, lineNo, "is not NAME=value");
            }
            String name = m.group(1);
            if (!NAME.matcher(name).matches()) {
                throw error(file, lineNo, "has a name that is not a variable name (letters, digits and '_', not starting with a digit)");
            }
            String rest = m.group(3);
            if (rest.startsWith("\"") || rest.startsWith("'")) {
                char quote = rest.charAt(0);
                StringBuilder value = new StringBuilder();
                int end = closingQuote(rest, 1, quote, value);
                int opened = lineNo;
                while (end < 0) {
                    if (++i >= lines.size()) {
                        throw error(file, opened, "opens a quoted value that is never closed");
                    }
                    value.append('\n');
                    rest = strip(lines.get(i), false);
                    end = closingQuote(rest, 0, quote, value);
                }
                String after = rest.substring(end + 1).strip();
                if (!after.isEmpty() && !after.startsWith("#")) {
                    throw error(file, i + 1, "has text after the closing quote of its value");
                }
                out.put(name, quote == '\'' ? value.toString().replace("${", "\\${") : value.toString());
            } else {
                out.put(name, unquoted(rest, !m.group(2).isEmpty()));
            }
        }
        return out;
    }

    /** The index of the closing quote in {@code s} from {@code from}, appending the value read to {@code value}; -1 if none. */
    private static int closingQuote(String s, int from, char quote, StringBuilder value) {
        for (int k = from; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == quote) {
                return k;
            }
            if (quote == '"' && c == '\\' && k + 1 < s.length()) {
                char next = s.charAt(k + 1);
                switch (next) {
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case '"', '\\' -> value.append(next);
                    case '$' -> value.append(k + 2 < s.length() && s.charAt(k + 2) == '{' ? "\\$" : "$");
                    default -> value.append(c).append(next);
                }
                k++;
                continue;
            }
            value.append(c);
        }
        return -1;
    }

    /** An unquoted value: up to an inline comment (a '#' after white space), trailing white space removed. */
    private static String unquoted(String rest, boolean afterSpace) {
        if (afterSpace && rest.startsWith("#")) {
            return "";
        }
        for (int k = 1; k < rest.length(); k++) {
            if (rest.charAt(k) == '#' && Character.isWhitespace(rest.charAt(k - 1))) {
                return rest.substring(0, k).strip();
            }
        }
        return rest.strip();
    }

    /** The line without its carriage return (CRLF files) and, on the first line, without a byte-order mark. */
    private static String strip(String line, boolean first) {
        String s = first && line.startsWith("\uFEFF") ? line.substring(1) : line;
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static DotEnvException error(String file, int line, String what) {
        return new DotEnvException(file + " line " + line + " " + what + "; the line is not shown (it may hold a secret)");
    }
}
