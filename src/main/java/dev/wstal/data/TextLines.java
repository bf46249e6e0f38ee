package dev.wstal.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The lines of a small UTF-8 text file (split on {@code \n}, {@code \r\n} or {@code \r}, as Python's text mode). */
final class TextLines {
  private TextLines() {}

  static List<String> read(InputStream in, String source) throws IOException {
    byte[] bytes = in.readAllBytes();
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException ex) {
      throw new DataFormatException(source, "", "not valid UTF-8 text", ex);
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return text.lines().toList();
  }
}
