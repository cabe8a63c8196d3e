package io.jsupervisor.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks an answer of the JSON API against what its OpenAPI document promises for that operation
 * and status: the response must be declared, and its body must match the declared schema. The
 * schemas use a small part of JSON Schema (type, properties, required, items, enum, $ref into
 * components), and that part is checked exactly; a schema keyword outside it fails the check, so
 * the document cannot grow a promise this test does not hold the API to.
 */
final class OpenApiContract {
    private final JsonNode doc;

    OpenApiContract(JsonNode doc) {
        this.doc = doc;
    }

    /**
     * @param template the path as the document names it, e.g. {@code /api/v1/processes/{namespec}}
     * @return the problems found, empty when the answer keeps the promise
     */
    List<String> check(String method, String template, int status, JsonNode body) {
        List<String> problems = new ArrayList<>();
        JsonNode op = doc.path("paths").path(template).path(method.toLowerCase());
        if (op.isMissingNode()) {
            problems.add(method + " " + template + " is not in the document");
            return problems;
        }
        JsonNode response = op.path("responses").path(String.valueOf(status));
        if (response.isMissingNode()) {
            problems.add(method + " " + template + " does not declare status " + status);
            return problems;
        }
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            problems.add(method + " " + template + " " + status + " declares no JSON body");
            return problems;
        }
        validate(schema, body, "$", problems);
        return problems;
    }

    private void validate(JsonNode schema, JsonNode value, String where, List<String> problems) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            validate(doc.at(ref.substring(1)), value, where, problems);
            return;
        }
        for (Iterator<String> it = schema.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!List.of("type", "properties", "required", "items", "enum", "format", "minimum", "default")
                    .contains(k)) {
                problems.add(where + ": schema keyword " + k + " is not checked by this test");
            }
        }
        String type = schema.path("type").asText("");
        boolean typeOk = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "" -> true;
            default -> false;
        };
        if (!typeOk) {
            problems.add(where + ": expected " + type + ", got " + value);
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= e.equals(value);
            }
            if (!found) {
                problems.add(where + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("minimum") && value.isNumber() && value.asLong() < schema.get("minimum").asLong()) {
            problems.add(where + ": " + value + " is below " + schema.get("minimum"));
        }
        if (value.isObject()) {
            for (JsonNode r : schema.path("required")) {
                if (!value.has(r.asText())) {
                    problems.add(where + ": missing " + r.asText());
                }
            }
            JsonNode props = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                if (props.has(f.getKey())) {
                    validate(props.get(f.getKey()), f.getValue(), where + "." + f.getKey(), problems);
                } else if (props.size() > 0) {
                    problems.add(where + ": undeclared property " + f.getKey());
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            int i = 0;
            for (JsonNode item : value) {
                validate(schema.get("items"), item, where + "[" + i++ + "]", problems);
            }
        }
    }
}
