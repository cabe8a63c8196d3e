package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What the web UI's status page shows in the browser, read through the DOM, and its links. */
final class StatusPageView {
    private final WebDriverClient browser;

    StatusPageView(WebDriverClient browser) {
        this.browser = browser;
    }

    /** Marks the loaded document, so that {@link #assertNotReloaded} can tell a reload. */
    void mark() throws Exception {
        browser.script("window.__marker = 'no reload';");
    }

    void assertNotReloaded() throws Exception {
        assertEquals("no reload", browser.script("return window.__marker;").asText(), "the page was reloaded");
    }

    /** {@code STATE|shown state} of a process's row, or null when it has none. */
    String rowState(String namespec) throws Exception {
        JsonNode v = browser.script("var r = document.querySelector('tr.proc[data-namespec=\"' + arguments[0] + '\"]');"
                + "return r ? r.getAttribute('data-state') + '|' + r.querySelector('td.status').textContent : null;", namespec);
        return v.isNull() ? null : v.asText();
    }

    void clickAction(String rowSelector, String action) throws Exception {
        String link = browser.find(rowSelector + " a[data-action=\"" + action + "\"]");
        assertNotNull(link, "no " + action + " link in " + rowSelector);
        browser.click(link);
    }

    /** {@code banner ok|message} or {@code banner error|message}; empty while it is hidden. */
    String banner() throws Exception {
        return browser.script("var b = document.getElementById('banner');"
                + "return b.hidden ? '' : b.className + '|' + document.getElementById('banner-text').textContent;").asText();
    }

    List<String> visibleRows() throws Exception {
        List<String> out = new ArrayList<>();
        browser.script("return Array.from(document.querySelectorAll('tr.proc')).filter(function (r) {"
                + " return !r.hidden; }).map(function (r) { return r.getAttribute('data-namespec'); });")
                .forEach(n -> out.add(n.asText()));
        return out;
    }
}
