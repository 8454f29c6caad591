import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

/** Runs EPUBCheck on several books in one JVM (start-up dominates a single run). */
public class EpubCheckBatch {
    public static void main(String[] args) {
        for (String path : args) {
            DefaultReportImpl report = new DefaultReportImpl(path);
            new EpubCheck(new File(path), report).doValidate();
            System.out.println("RESULT\t" + report.getFatalErrorCount() + "\t" + report.getErrorCount()
                + "\t" + report.getWarningCount() + "\t" + path);
        }
    }
}
