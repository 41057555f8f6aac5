package dev.myelin.authservice.request;

import java.util.List;

/**
 * A JSON value as Go's {@code encoding/json} sees it before binding: object members keep their order and duplicates
 * (binding decides which wins), numbers keep their literal text (binding decides whether it fits the field).
 */
sealed interface GoJsonNode {
    record ObjectNode(List<Member> members) implements GoJsonNode {
    }

    record Member(String name, GoJsonNode value) {
    }

    record ArrayNode(List<GoJsonNode> elements) implements GoJsonNode {
    }

    record StringNode(String value) implements GoJsonNode {
    }

    record NumberNode(String literal) implements GoJsonNode {
    }

    record BoolNode(boolean value) implements GoJsonNode {
    }

    record NullNode() implements GoJsonNode {
    }
}
