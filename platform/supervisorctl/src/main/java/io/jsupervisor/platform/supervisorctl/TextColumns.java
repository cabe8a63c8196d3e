package io.jsupervisor.platform.supervisorctl;

import java.util.ArrayList;
import java.util.List;

/** Text laid out in columns as Python's cmd module and the reference's tables do. */
final class TextColumns {
    private TextColumns() {
    }

    static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    /** Python's cmd.Cmd.columnize. */
    static void columnize(StringBuilder b, List<String> list, int displaywidth) {
        int size = list.size();
        if (size == 1) {
            b.append(list.get(0)).append('\n');
            return;
        }
        int nrows = size;
        int ncols = 1;
        List<Integer> colwidths = List.of(0);
        boolean found = false;
        for (int nr = 1; nr < size; nr++) {
            int nc = (size + nr - 1) / nr;
            List<Integer> cw = new ArrayList<>();
            int tot = -2;
            for (int col = 0; col < nc; col++) {
                int w = 0;
                for (int row = 0; row < nr; row++) {
                    int i = row + nr * col;
                    if (i >= size) {
                        break;
                    }
                    w = Math.max(w, list.get(i).length());
                }
                cw.add(w);
                tot += w + 2;
                if (tot > displaywidth) {
                    break;
                }
            }
            if (tot <= displaywidth) {
                nrows = nr;
                ncols = nc;
                colwidths = cw;
                found = true;
                break;
            }
        }
        if (!found) {
            nrows = size;
            ncols = 1;
            colwidths = List.of(0);
        }
        for (int row = 0; row < nrows; row++) {
            List<String> texts = new ArrayList<>();
            for (int col = 0; col < ncols; col++) {
                int i = row + nrows * col;
                texts.add(i < size ? list.get(i) : "");
            }
            while (!texts.isEmpty() && texts.get(texts.size() - 1).isEmpty()) {
                texts.remove(texts.size() - 1);
            }
            for (int col = 0; col < texts.size(); col++) {
                String t = texts.get(col);
                int w = colwidths.get(Math.min(col, colwidths.size() - 1));
                texts.set(col, t.length() < w ? t + " ".repeat(w - t.length()) : t);
            }
            b.append(String.join("  ", texts)).append('\n');
        }
    }
}
