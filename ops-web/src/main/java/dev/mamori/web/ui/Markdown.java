package dev.mamori.web.ui;

import java.util.List;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders Mamori's own Markdown (recovery reports) for the page. Raw HTML in the text, which may
 * carry a command's output or an error message, is escaped, never passed through.
 */
final class Markdown {

	private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

	private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();

	private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
		.extensions(EXTENSIONS)
		.escapeHtml(true)
		.sanitizeUrls(true)
		.attributeProviderFactory((context) -> (node, tagName, attributes) -> {
			if (node instanceof TableBlock) {
				attributes.put("class", "table table-sm table-bordered");
			}
		})
		.build();

	private Markdown() {
	}

	static String toHtml(String markdown) {
		return (markdown != null) ? RENDERER.render(PARSER.parse(markdown)) : "";
	}

}
