package dev.caravan.clean;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** US states, DC and territories: 2-letter USPS codes and full names; ZIP prefixes of each. */
final class UsStates {

    private static final String[][] STATES = {
        {"AL", "Alabama"}, {"AK", "Alaska"}, {"AZ", "Arizona"}, {"AR", "Arkansas"}, {"CA", "California"},
        {"CO", "Colorado"}, {"CT", "Connecticut"}, {"DE", "Delaware"}, {"DC", "District of Columbia"},
        {"FL", "Florida"}, {"GA", "Georgia"}, {"HI", "Hawaii"}, {"ID", "Idaho"}, {"IL", "Illinois"},
        {"IN", "Indiana"}, {"IA", "Iowa"}, {"KS", "Kansas"}, {"KY", "Kentucky"}, {"LA", "Louisiana"},
        {"ME", "Maine"}, {"MD", "Maryland"}, {"MA", "Massachusetts"}, {"MI", "Michigan"}, {"MN", "Minnesota"},
        {"MS", "Mississippi"}, {"MO", "Missouri"}, {"MT", "Montana"}, {"NE", "Nebraska"}, {"NV", "Nevada"},
        {"NH", "New Hampshire"}, {"NJ", "New Jersey"}, {"NM", "New Mexico"}, {"NY", "New York"},
        {"NC", "North Carolina"}, {"ND", "North Dakota"}, {"OH", "Ohio"}, {"OK", "Oklahoma"}, {"OR", "Oregon"},
        {"PA", "Pennsylvania"}, {"RI", "Rhode Island"}, {"SC", "South Carolina"}, {"SD", "South Dakota"},
        {"TN", "Tennessee"}, {"TX", "Texas"}, {"UT", "Utah"}, {"VT", "Vermont"}, {"VA", "Virginia"},
        {"WA", "Washington"}, {"WV", "West Virginia"}, {"WI", "Wisconsin"}, {"WY", "Wyoming"},
        {"PR", "Puerto Rico"}, {"VI", "Virgin Islands"}, {"GU", "Guam"}, {"AS", "American Samoa"},
        {"MP", "Northern Mariana Islands"}, {"AA", "Armed Forces Americas"}, {"AE", "Armed Forces Europe"},
        {"AP", "Armed Forces Pacific"},
    };

    /** First three ZIP digits (inclusive ranges) to state, after the USPS prefix table. */
    private static final Object[][] ZIP3 = {
        {5, 5, "NY"}, {6, 7, "PR"}, {8, 8, "VI"}, {9, 9, "PR"}, {10, 27, "MA"}, {28, 29, "RI"},
        {30, 38, "NH"}, {39, 49, "ME"}, {50, 54, "VT"}, {55, 55, "MA"}, {56, 59, "VT"}, {60, 69, "CT"},
        {70, 89, "NJ"}, {90, 99, "AE"}, {100, 149, "NY"}, {150, 196, "PA"}, {197, 199, "DE"},
        {200, 200, "DC"}, {201, 201, "VA"}, {202, 205, "DC"}, {206, 219, "MD"}, {220, 246, "VA"},
        {247, 268, "WV"}, {270, 289, "NC"}, {290, 299, "SC"}, {300, 319, "GA"}, {320, 339, "FL"},
        {340, 340, "AA"}, {341, 349, "FL"}, {350, 369, "AL"}, {370, 385, "TN"}, {386, 397, "MS"},
        {398, 399, "GA"}, {400, 427, "KY"}, {430, 459, "OH"}, {460, 479, "IN"}, {480, 499, "MI"},
        {500, 528, "IA"}, {530, 549, "WI"}, {550, 567, "MN"}, {569, 569, "DC"}, {570, 577, "SD"},
        {580, 588, "ND"}, {590, 599, "MT"}, {600, 629, "IL"}, {630, 658, "MO"}, {660, 679, "KS"},
        {680, 693, "NE"}, {700, 714, "LA"}, {716, 729, "AR"}, {730, 749, "OK"}, {750, 799, "TX"},
        {800, 816, "CO"}, {820, 831, "WY"}, {832, 838, "ID"}, {840, 847, "UT"}, {850, 865, "AZ"},
        {870, 884, "NM"}, {885, 885, "TX"}, {889, 898, "NV"}, {900, 961, "CA"}, {962, 966, "AP"},
        {967, 968, "HI"}, {969, 969, "GU"}, {970, 979, "OR"}, {980, 994, "WA"}, {995, 999, "AK"},
    };

    private static final Map<String, String> CODES = new HashMap<>();
    private static final String[] BY_ZIP3 = new String[1000];

    static {
        for (String[] s : STATES) {
            CODES.put(s[0], s[0]);
            CODES.put(s[1].toUpperCase(Locale.ROOT), s[0]);
        }
        CODES.put("WASHINGTON DC", "DC");
        CODES.put("WASHINGTON D.C.", "DC");
        CODES.put("D.C.", "DC");
        CODES.put("US VIRGIN ISLANDS", "VI");
        for (Object[] r : ZIP3) {
            for (int p = (Integer) r[0]; p <= (Integer) r[1]; p++) {
                BY_ZIP3[p] = (String) r[2];
            }
        }
    }

    private UsStates() {
    }

    /** The 2-letter code for a code or full name, or null. */
    static String code(String value) {
        return CODES.get(value.strip().toUpperCase(Locale.ROOT));
    }

    /** The state a ZIP code (5 digits, optionally +4) is assigned to, or null when unassigned. */
    static String stateOfZip(String zip) {
        if (zip == null || zip.length() < 3) {
            return null;
        }
        int prefix = Integer.parseInt(zip.substring(0, 3));
        return BY_ZIP3[prefix];
    }
}
