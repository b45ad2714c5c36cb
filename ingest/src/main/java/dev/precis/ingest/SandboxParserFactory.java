package dev.precis.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParserFactory;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.ParserFactory;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;

/**
 * Builds the parser that runs inside a forked Tika process: Tika's AutoDetectParser, wrapped so that
 * a parse failure comes back to the caller as {@code <meta>} elements (exception classes and message)
 * instead of as a serialized exception, which the fork protocol cannot hand back reliably. The caller
 * turns them into an {@link IngestException} ({@link ParserSandbox#rethrowReported}).
 */
public final class SandboxParserFactory extends ParserFactory {
    static final String ERROR_CLASSES = "precis:error-classes";
    static final String ERROR_MESSAGE = "precis:error-message";
    static final String ERROR_TYPE = "precis:error-type";

    private final Map<String, String> config;

    public SandboxParserFactory(Map<String, String> args) {
        super(args);
        this.config = new HashMap<>(args);
    }

    @Override
    public Parser build() throws IOException, SAXException, TikaException {
        return new Reporting(new AutoDetectParserFactory(new HashMap<>(config)).build());
    }

    private static final class Reporting implements Parser {
        private final Parser delegate;

        Reporting(Parser delegate) {
            this.delegate = delegate;
        }

        @Override
        public Set<MediaType> getSupportedTypes(ParseContext context) {
            return delegate.getSupportedTypes(context);
        }

        @Override
        public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context)
                throws SAXException {
            context.set(Parser.class, delegate); // embedded documents are parsed too
            try {
                delegate.parse(stream, handler, metadata, context);
            } catch (Exception | StackOverflowError e) {
                StringBuilder classes = new StringBuilder();
                StringBuilder messages = new StringBuilder();
                for (Throwable c = e; c != null && messages.length() < 2000; c = c.getCause()) {
                    classes.append(c.getClass().getName()).append(' ');
                    messages.append(c.getMessage()).append(" | ");
                }
                // The detected type names the failure; the parse may have stopped before it was sent.
                String type = metadata.get(Metadata.CONTENT_TYPE);
                if (type != null) {
                    meta(handler, ERROR_TYPE, type);
                }
                meta(handler, ERROR_CLASSES, classes.toString().strip());
                meta(handler, ERROR_MESSAGE, messages.toString());
            }
        }

        private static void meta(ContentHandler handler, String name, String content) throws SAXException {
            AttributesImpl attributes = new AttributesImpl();
            attributes.addAttribute("", "name", "name", "CDATA", name);
            attributes.addAttribute("", "content", "content", "CDATA", content);
            handler.startElement("http://www.w3.org/1999/xhtml", "meta", "meta", attributes);
            handler.endElement("http://www.w3.org/1999/xhtml", "meta", "meta");
        }
    }
}
