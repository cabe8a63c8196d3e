package io.jsupervisor.rpcinterface.internal;

import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;

/**
 * Passes SAX events on to a handler and stops the parse once elements nest deeper than
 * {@link XmlRpcCodec#MAX_ELEMENT_DEPTH}, before a recursive handler can overflow the stack.
 */
final class DepthLimit implements ContentHandler {
    /** Thrown when the limit is passed. */
    static final class Exceeded extends SAXException {
        private static final long serialVersionUID = 1L;

        Exceeded() {
            super("elements nested deeper than " + XmlRpcCodec.MAX_ELEMENT_DEPTH);
        }
    }

    private final ContentHandler next;
    private int depth;

    DepthLimit(ContentHandler next) {
        this.next = next;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        if (++depth > XmlRpcCodec.MAX_ELEMENT_DEPTH) {
            throw new Exceeded();
        }
        next.startElement(uri, localName, qName, atts);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        depth--;
        next.endElement(uri, localName, qName);
    }

    @Override
    public void setDocumentLocator(Locator locator) {
        next.setDocumentLocator(locator);
    }

    @Override
    public void startDocument() throws SAXException {
        next.startDocument();
    }

    @Override
    public void endDocument() throws SAXException {
        next.endDocument();
    }

    @Override
    public void startPrefixMapping(String prefix, String uri) throws SAXException {
        next.startPrefixMapping(prefix, uri);
    }

    @Override
    public void endPrefixMapping(String prefix) throws SAXException {
        next.endPrefixMapping(prefix);
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        next.characters(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        next.ignorableWhitespace(ch, start, length);
    }

    @Override
    public void processingInstruction(String target, String data) throws SAXException {
        next.processingInstruction(target, data);
    }

    @Override
    public void skippedEntity(String name) throws SAXException {
        next.skippedEntity(name);
    }
}
