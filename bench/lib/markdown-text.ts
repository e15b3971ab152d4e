const PARAGRAPH =
  'The short answer is yes, but it depends on how the data is laid out. **Copying** a tree of plain objects costs ' +
  'time in proportion to its size; hashing it costs about the same again, because every byte is read once more. ';

/** ~800 characters of markdown: a heading, two paragraphs, a list and a code block; carries the marker `(#i)`. */
export function markdownText(i: number): string {
  return (
    `## Step ${i} (#${i})\n\n${PARAGRAPH}\n\n${PARAGRAPH.slice(0, 180)} (${i})\n\n` +
    `- first point ${i}\n- second point\n- third point\n\n\`\`\`ts\nconst answer${i} = compute(${i});\nconsole.log(answer${i});\n\`\`\`\n`
  );
}
