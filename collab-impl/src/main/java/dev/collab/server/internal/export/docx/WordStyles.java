package dev.collab.server.internal.export.docx;

import java.math.BigInteger;
import org.apache.poi.xwpf.usermodel.XWPFAbstractNum;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFNumbering;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTAbstractNum;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTLvl;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTNumLvl;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STNumberFormat;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/**
 * The paragraph styles and list numberings an exported DOCX uses, named as Word names its own
 * ({@code Heading1}..{@code Heading6}, {@code Quote}, {@code Code}), so Word shows them in its
 * style gallery and its outline, and the importer reads them back.
 */
final class WordStyles {
  static final String QUOTE = "Quote";
  static final String CODE = "Code";
  private static final int[] HEADING_HALF_POINTS = {40, 32, 28, 26, 24, 22};

  private final XWPFNumbering numbering;
  private final BigInteger bulletList;
  private final BigInteger orderedList;

  WordStyles(XWPFDocument document) {
    XWPFStyles styles = document.createStyles();
    for (int level = 1; level <= 6; level++) {
      CTStyle style = paragraphStyle("Heading" + level, "heading " + level);
      style.addNewPPr().addNewOutlineLvl().setVal(BigInteger.valueOf(level - 1L));
      style.addNewRPr().addNewB();
      style.getRPr().addNewSz().setVal(BigInteger.valueOf(HEADING_HALF_POINTS[level - 1]));
      styles.addStyle(new XWPFStyle(style));
    }
    CTStyle quote = paragraphStyle(QUOTE, "Quote");
    quote.addNewPPr().addNewInd().setLeft(BigInteger.valueOf(720));
    quote.addNewRPr().addNewI();
    styles.addStyle(new XWPFStyle(quote));
    CTStyle code = paragraphStyle(CODE, "Code");
    code.addNewRPr().addNewRFonts().setAscii("Courier New");
    code.getRPr().getRFontsArray(0).setHAnsi("Courier New");
    styles.addStyle(new XWPFStyle(code));
    numbering = document.createNumbering();
    bulletList = numbering.addAbstractNum(new XWPFAbstractNum(list(0, STNumberFormat.BULLET)));
    orderedList = numbering.addAbstractNum(new XWPFAbstractNum(list(1, STNumberFormat.DECIMAL)));
  }

  /** A new list (numbering restarts at 1) of the kind: ordered or bulleted. */
  BigInteger newList(boolean ordered) {
    BigInteger num = numbering.addNum(ordered ? orderedList : bulletList);
    if (ordered) {
      for (int level = 0; level < 9; level++) {
        CTNumLvl override = numbering.getNum(num).getCTNum().addNewLvlOverride();
        override.setIlvl(BigInteger.valueOf(level));
        override.addNewStartOverride().setVal(BigInteger.ONE);
      }
    }
    return num;
  }

  private static CTStyle paragraphStyle(String id, String name) {
    CTStyle style = CTStyle.Factory.newInstance();
    style.setStyleId(id);
    style.setType(STStyleType.PARAGRAPH);
    style.addNewName().setVal(name);
    style.addNewQFormat();
    return style;
  }

  private static CTAbstractNum list(int id, STNumberFormat.Enum format) {
    CTAbstractNum list = CTAbstractNum.Factory.newInstance();
    list.setAbstractNumId(BigInteger.valueOf(id));
    for (int level = 0; level < 9; level++) {
      CTLvl lvl = list.addNewLvl();
      lvl.setIlvl(BigInteger.valueOf(level));
      lvl.addNewStart().setVal(BigInteger.ONE);
      lvl.addNewNumFmt().setVal(format);
      lvl.addNewLvlText().setVal(format == STNumberFormat.BULLET ? "\u2022" : "%" + (level + 1) + ".");
      lvl.addNewPPr().addNewInd().setLeft(BigInteger.valueOf(720L * (level + 1)));
      lvl.getPPr().getInd().setHanging(BigInteger.valueOf(360));
    }
    return list;
  }
}
