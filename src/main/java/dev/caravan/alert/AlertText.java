package dev.caravan.alert;

/** Alert text kept short and printable: control characters out, at most 1,000 characters. */
final class AlertText {

    private AlertText() {
    }

    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 1000));
        for (int i = 0; i < s.length() && sb.length() < 1000; i++) {
            char ch = s.charAt(i);
            sb.append(Character.isISOControl(ch) ? ' ' : ch);
        }
        return sb.length() < s.length() ? sb.append('…').toString() : sb.toString();
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return clean(nl < 0 ? m : m.substring(0, nl));
    }
}
