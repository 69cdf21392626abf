package dev.collab.server.internal.export.markdown;

import dev.collab.ot.Delta;
import dev.collab.ot.Op;
import dev.collab.server.internal.export.model.Line;
import dev.collab.server.internal.export.model.PlainText;
import dev.collab.server.internal.export.model.Runs;
import jakarta.json.JsonValue;
import java.util.List;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Document;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.renderer.markdown.MarkdownRenderer;

/**
 * A document as CommonMark (with {@code ~~strikethrough~~}): built as commonmark-java's syntax
 * tree and written by its {@code MarkdownRenderer}, which escapes what would otherwise be read as
 * markup. Formats Markdown has no syntax for are dropped (docs/EXPORT.md).
 */
public final class MarkdownExporter {
  private static final List<String> NESTING = List.of("link", "bold", "italic", "strike", "code");
  private static final MarkdownRenderer RENDERER =
      MarkdownRenderer.builder().extensions(List.of(StrikethroughExtension.create())).build();

  private MarkdownExporter() {}

  /** The document as Markdown. */
  public static String toMarkdown(Delta document) {
    Document root = new Document();
    ListBlock list = null;
    String listType = null;
    BlockQuote quote = null;
    FencedCodeBlock code = null;
    for (Line line : Line.of(document)) {
      String lineList = line.string("list");
      if (lineList == null || !line.listGroup().equals(listType)) {
        list = null;
        listType = null;
      }
      if (!line.has("blockquote") || lineList != null) {
        quote = null;
      }
      if (!line.has("code-block")) {
        code = null;
      }
      if (line.has("code-block")) {
        if (code == null) {
          code = new FencedCodeBlock();
          code.setFenceCharacter("`");
          code.setOpeningFenceLength(3);
          code.setClosingFenceLength(3);
          code.setInfo(line.string("code-block") == null ? "" : line.string("code-block"));
          code.setLiteral("");
          root.appendChild(code);
        }
        code.setLiteral(code.getLiteral() + line.text() + "\n");
        continue;
      }
      if (line.isDivider()) {
        root.appendChild(new ThematicBreak());
        continue;
      }
      Node block;
      if (lineList != null) {
        if (list == null) {
          if (lineList.equals("ordered")) {
            OrderedList ordered = new OrderedList();
            ordered.setMarkerStartNumber(1);
            ordered.setMarkerDelimiter(".");
            list = ordered;
          } else {
            BulletList bullets = new BulletList();
            bullets.setMarker("-");
            list = bullets;
          }
          list.setTight(true);
          root.appendChild(list);
          listType = line.listGroup();
        }
        ListItem item = new ListItem();
        list.appendChild(item);
        Paragraph paragraph = new Paragraph();
        item.appendChild(paragraph);
        if (lineList.equals("checked") || lineList.equals("unchecked")) {
          paragraph.appendChild(new Text(lineList.equals("checked") ? "[x] " : "[ ] "));
        }
        block = paragraph;
      } else if (line.integer("header") > 0) {
        Heading heading = new Heading();
        heading.setLevel(Math.min(6, line.integer("header")));
        root.appendChild(heading);
        block = heading;
      } else if (line.has("blockquote")) {
        if (quote == null) {
          quote = new BlockQuote();
          root.appendChild(quote);
        }
        block = new Paragraph();
        quote.appendChild(block);
      } else if (line.inlines().isEmpty()) {
        continue; // an empty line: Markdown has paragraphs, not empty lines
      } else {
        block = new Paragraph();
        root.appendChild(block);
      }
      Runs.build(line.inlines(), NESTING, block, new Inline());
    }
    return RENDERER.render(root);
  }

  /** Inline formats as nodes. */
  private static final class Inline implements Runs.Sink<Node> {
    @Override
    public Node wrap(Node parent, String key, JsonValue value) {
      Node node;
      switch (key) {
        case "link":
          if (Line.string(value) == null) {
            return parent;
          }
          node = new Link(Line.string(value), null);
          break;
        case "bold":
          node = new StrongEmphasis("**");
          break;
        case "italic":
          node = new Emphasis("_");
          break;
        case "strike":
          node = new Strikethrough("~~");
          break;
        default:
          return parent; // code is a leaf: Markdown code spans hold no formats
      }
      parent.appendChild(node);
      return node;
    }

    @Override
    public void leaf(Node parent, Op insert) {
      if (insert.isTextInsert()) {
        parent.appendChild(insert.attributes().get("code") == JsonValue.TRUE ? new Code(insert.text()) : new Text(insert.text()));
        return;
      }
      String image = Line.string(insert.embed().get("image"));
      if (image != null) {
        Image node = new Image(image, null);
        String alt = Line.string(insert.attributes().get("alt"));
        if (alt != null) {
          node.appendChild(new Text(alt));
        }
        parent.appendChild(node);
      } else if (insert.embed().containsKey("video")) {
        String url = Line.string(insert.embed().get("video"));
        Link link = new Link(url == null ? "" : url, null);
        link.appendChild(new Text("video"));
        parent.appendChild(link);
      } else if (insert.embed().containsKey("formula")) {
        parent.appendChild(new Code(PlainText.embedText(insert.embed())));
      } else if (!insert.embed().containsKey("divider")) {
        parent.appendChild(new Text(PlainText.embedText(insert.embed())));
      }
    }
  }
}
