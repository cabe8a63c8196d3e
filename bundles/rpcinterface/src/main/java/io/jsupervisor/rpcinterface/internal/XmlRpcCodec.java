package io.jsupervisor.rpcinterface.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.common.XmlRpcController;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;
import org.apache.xmlrpc.common.XmlRpcStreamConfig;
import org.apache.xmlrpc.common.XmlRpcWorkerFactory;
import org.apache.xmlrpc.parser.TypeParser;
import org.apache.xmlrpc.parser.XmlRpcRequestParser;
import org.apache.ws.commons.util.NamespaceContextImpl;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * XML-RPC requests in, responses out. Requests are read by Apache XML-RPC 3.1.3's parser held on a
 * short leash: vendor extensions off (no {@code ex:} types, no {@code <nil/>}, no {@code <i8>},
 * no Java deserialisation), and a SAX parser that refuses any DOCTYPE (so no DTD, no external
 * entity, no entity expansion). Responses are written by {@link XmlRpcResponseWriter}, with only
 * the standard types, which Python's {@code xmlrpc.client} reads. Thread-safe.
 */
final class XmlRpcCodec {

    /** A parsed call: params hold Integer, Boolean, String, Double, byte[], Date, List, Map. */
    record Call(String method, List<Object> params) {}

    /** The body is not an XML-RPC call we accept; the message says why. */
    static class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /**
     * The call's values nest deeper than {@link #MAX_ELEMENT_DEPTH} elements. No method takes such
     * values; the caller answers INCORRECT_PARAMETERS, as the reference does for them.
     */
    static final class TooDeep extends Malformed {
        private static final long serialVersionUID = 1L;

        TooDeep() {
            super("values nested deeper than " + MAX_VALUE_DEPTH + " levels");
        }
    }

    /**
     * Apache's parser hands every SAX event down one nested parser per open array or struct, so
     * each level costs stack; on the daemon's small thread stacks (-Xss256k) a few hundred levels
     * overflow it. A method's values nest a few levels at most (multicall: 4); 64 is generous and
     * far below the overflow.
     */
    static final int MAX_VALUE_DEPTH = 64;
    /** methodCall, params, param; value + array|struct + data|member per level; the innermost value and its type. */
    static final int MAX_ELEMENT_DEPTH = 5 + 3 * MAX_VALUE_DEPTH;

    /** A value that has no standard XML-RPC type (null, a long beyond int, ...). */
    static final class Unrepresentable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unrepresentable(String message) {
            super(message);
        }
    }

    private static final ErrorHandler QUIET = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private final XmlRpcHttpRequestConfigImpl config = new XmlRpcHttpRequestConfigImpl();
    private final StrictTypeFactory types;
    private final SAXParserFactory saxFactory;

    XmlRpcCodec() {
        config.setEnabledForExtensions(false);
        config.setEnabledForExceptions(false);
        config.setEncoding("UTF-8");
        Controller controller = new Controller(config);
        types = new StrictTypeFactory(controller);
        controller.setTypeFactory(types);
        saxFactory = secureFactory();
    }

    static SAXParserFactory secureFactory() {
        // the JDK's own parser, whatever a bundle or the context class loader offers
        SAXParserFactory f = SAXParserFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setXIncludeAware(false);
        try {
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's SAX parser cannot be secured", e);
        }
        return f;
    }

    Call parse(byte[] body) throws Malformed {
        XmlRpcRequestParser parser = new XmlRpcRequestParser(config, types);
        try {
            XMLReader reader = saxFactory.newSAXParser().getXMLReader();
            reader.setErrorHandler(QUIET);
            reader.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            reader.setContentHandler(new DepthLimit(parser));
            reader.parse(new InputSource(new ByteArrayInputStream(body)));
        } catch (DepthLimit.Exceeded e) {
            throw new TooDeep();
        } catch (SAXException e) {
            Exception inner = e.getException();
            throw new Malformed(inner != null && inner.getMessage() != null ? inner.getMessage() : e.getMessage());
        } catch (IOException | ParserConfigurationException | RuntimeException e) {
            throw new Malformed(String.valueOf(e.getMessage()));
        }
        String method = parser.getMethodName();
        if (method == null || method.isEmpty()) {
            throw new Malformed("no method name");
        }
        List<?> raw = parser.getParams();
        List<Object> params = new ArrayList<>();
        if (raw != null) {
            for (Object o : raw) {
                params.add(incoming(o));
            }
        }
        return new Call(method, params);
    }

    /**
     * Arrays arrive as Object[]: make them Lists, all the way down. Apache's parser gives null
     * for an empty {@code <dateTime.iso8601/>}; the reference refuses such a body as a bad
     * request (HTTP 400), as it does any value it cannot read, so it is malformed here too.
     */
    private static Object incoming(Object o) throws Malformed {
        if (o == null) {
            throw new Malformed("a value without content where its type needs one");
        }
        if (o instanceof Object[] a) {
            List<Object> l = new ArrayList<>(a.length);
            for (Object e : a) {
                l.add(incoming(e));
            }
            return l;
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), incoming(e.getValue()));
            }
            return out;
        }
        return o;
    }

    /** A {@code methodResponse} with one param. @throws Unrepresentable */
    byte[] response(Object value) {
        return XmlRpcResponseWriter.response(value);
    }

    /** {@link #response} as pieces, with the {@link FileText}s of the value to stream. */
    List<Object> responseParts(Object value) {
        return XmlRpcResponseWriter.responseParts(value);
    }

    /** A {@code methodResponse} with a fault, and never a {@code faultCause}. */
    byte[] fault(int code, String message) {
        return XmlRpcResponseWriter.fault(code, message);
    }

    /** Only the spec's types in, whatever a config says. */
    private static final class StrictTypeFactory extends TypeFactoryImpl {
        StrictTypeFactory(XmlRpcController controller) {
            super(controller);
        }

        @Override
        public TypeParser getParser(XmlRpcStreamConfig pConfig, NamespaceContextImpl pContext, String pURI,
                String pLocalName) {
            if (pURI != null && !pURI.isEmpty()) {
                return null; // ex:serializable, ex:nil, ex:i8 ... : "Unknown type"
            }
            return super.getParser(pConfig, pContext, pURI, pLocalName);
        }
    }

    private static final class Controller extends XmlRpcController {
        private final XmlRpcHttpRequestConfigImpl config;

        Controller(XmlRpcHttpRequestConfigImpl config) {
            this.config = config;
        }

        @Override
        protected XmlRpcWorkerFactory getDefaultXmlRpcWorkerFactory() {
            return null;
        }

        @Override
        public org.apache.xmlrpc.XmlRpcConfig getConfig() {
            return config;
        }
    }
}
