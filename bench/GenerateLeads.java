import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes N LeadConduit-style rows (15 columns) deterministically: export headers, mixed phone and
 * date formats, quoted commas and embedded newlines, a few invalid values. Same N, same file.
 * Usage: java bench/GenerateLeads.java N OUT.csv
 */
public class GenerateLeads {

    static final String[] FIRST = {"James", "MARY", "robert", "Patricia", "John", "jennifer", "Michael", "LINDA", "David", "Elizabeth"};
    static final String[] LAST = {"Smith", "JOHNSON", "williams", "Brown", "Jones", "garcia", "Miller", "DAVIS", "O'Brien", "McDonald"};
    static final String[] CITY = {"Austin", "Denver", "Columbus", "Dayton", "San Antonio", "Boulder"};
    static final String[] STATE = {"TX", "Colorado", "OH", "oh", "Texas", "CO"};
    static final String[] ZIP = {"78701", "80202", "43215", "45402", "78205", "80302-1234"};
    static final String[] AREA = {"512", "303", "614", "937", "210", "720"};
    static final String[] SOURCE = {"Google Ads", "Facebook", "Angi", "HomeAdvisor", "Yelp, Inc.", "Referral"};
    static final String[] OUTCOME = {"success", "failure", "success", "skip", "Success", "error"};

    public static void main(String[] args) throws IOException {
        long n = Long.parseLong(args[0]);
        SplittableRandom r = new SplittableRandom(20261122L);
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
            w.write("Lead ID,First Name,Last Name,Email Address,Phone Number,Address 1,City,State,Zip Code,Lead Source,"
                    + "Campaign Name,Outcome,Price,Submission Timestamp,TrustedForm Cert URL\n");
            for (long i = 1; i <= n; i++) {
                int k = (int) (i % 6);
                String first = FIRST[r.nextInt(FIRST.length)];
                String last = LAST[r.nextInt(LAST.length)];
                String area = AREA[k];
                int ex = 200 + r.nextInt(700);
                int line = r.nextInt(10000);
                String phone = switch (r.nextInt(4)) {
                    case 0 -> "(" + area + ") " + ex + "-" + String.format("%04d", line);
                    case 1 -> area + "." + ex + "." + String.format("%04d", line);
                    case 2 -> "+1 " + area + " " + ex + " " + String.format("%04d", line);
                    default -> area + ex + String.format("%04d", line);
                };
                int month = 1 + r.nextInt(12);
                int day = 1 + r.nextInt(28);
                int hour = r.nextInt(24);
                String ts = switch (r.nextInt(3)) {
                    case 0 -> String.format("2025-%02d-%02dT%02d:%02d:00Z", month, day, hour, r.nextInt(60));
                    case 1 -> String.format("%d/%d/2025 %d:%02d %s", month, day, 1 + hour % 12, r.nextInt(60), hour < 12 ? "AM" : "PM");
                    default -> String.format("2025-%02d-%02d %02d:%02d:%02d", month, day, hour, r.nextInt(60), r.nextInt(60));
                };
                String email = (i % 997 == 0) ? "not-an-email" : (first + "." + last + i + "@example.com").replace("'", "");
                String address = (i % 10 == 0) ? "\"" + (100 + i % 9000) + " Main St, Apt " + (i % 40) + "\"" : (100 + i % 9000) + " Oak Ave";
                String campaign = (i % 50 == 0) ? "\"Spring Roofing\nPromo\"" : "Summer HVAC " + (i % 12);
                String price = (i % 3 == 0) ? "\"$1," + (100 + i % 900) + ".50\"" : "$" + (i % 100) + ".25";
                w.write("LC" + i + "," + first + "," + last + "," + email + "," + phone + "," + address + ","
                        + CITY[k] + "," + STATE[k] + "," + ZIP[k] + "," + quote(SOURCE[k]) + "," + campaign + ","
                        + OUTCOME[k] + "," + price + "," + ts + ",https://cert.trustedform.com/" + Long.toHexString(i * 2654435761L) + "\n");
            }
        }
    }

    static String quote(String s) {
        return s.contains(",") ? "\"" + s + "\"" : s;
    }
}
