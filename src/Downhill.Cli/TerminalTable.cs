using Spectre.Console;

namespace Downhill.Cli;

/// <summary>One column of a <see cref="TerminalTable"/>.</summary>
/// <param name="Header">The heading (it may fold at its spaces).</param>
/// <param name="RightAligned">Numbers are right-aligned.</param>
/// <param name="Folds">Whether long cells may fold onto more lines, at spaces only (a list "a=1, b=2" folds after its commas).</param>
/// <param name="DropRank">Where the column comes in the order of leaving columns out to fit a narrow terminal (1 first); 0: never left out.</param>
internal sealed record TableColumnSpec(string Header, bool RightAligned = false, bool Folds = false, int DropRank = 0);

/// <summary>
/// A table laid out for the width it is written at, without ever breaking a number or a word: cells of folding
/// columns fold at spaces (down to their longest word), and where that is not enough the columns with a drop rank are
/// left out, lowest rank first, until the rest fits, and a line under the table names them. Output that is not a
/// terminal is as wide as the table (see <see cref="Io"/>).
/// </summary>
internal sealed class TerminalTable(IReadOnlyList<TableColumnSpec> columns, TableBorder border)
{
    private readonly List<string[]> _rows = [];

    public string? Title { get; init; }

    public TerminalTable AddRow(params string[] cells)
    {
        if (cells.Length != columns.Count) throw new ArgumentException($"a row of {cells.Length} cells in a table of {columns.Count} columns");
        _rows.Add(cells);
        return this;
    }

    /// <summary>Writes the table fitted to <paramref name="console"/>'s width.</summary>
    public void Write(IAnsiConsole console)
    {
        int available = console.Profile.Width;
        var (shown, widths) = Fit(available);
        var table = new Table().Border(border);
        if (Title is not null) table.Title(Markup.Escape(Title));
        foreach (int c in shown)
        {
            // Every width is at least the column's longest word, so a cell folds at its spaces or not at all.
            var column = new TableColumn(Markup.Escape(columns[c].Header)) { Width = widths[c] };
            if (columns[c].RightAligned) column.RightAligned();
            table.AddColumn(column);
        }
        foreach (var row in _rows) table.AddRow(shown.Select(c => Markup.Escape(row[c])).ToArray());
        // Laid out already: let the table take the width it needs even where it overflows a very narrow terminal,
        // rather than have it squeezed further and its words broken.
        int needed = TableWidth(shown, widths);
        console.Profile.Width = Math.Max(available, needed);
        try
        {
            console.Write(table);
        }
        finally
        {
            console.Profile.Width = available;
        }
        var left = Enumerable.Range(0, columns.Count).Where(c => !shown.Contains(c)).Select(c => columns[c].Header).ToList();
        if (left.Count > 0)
            console.Write(new Markup(Markup.Escape($"({string.Join(", ", left)} left out to fit {available} columns; a wider terminal or a pipe shows all)") + "\n"));
    }

    /// <summary>The columns shown and every column's width (its longest cell, or less where it folds) at <paramref name="available"/> characters.</summary>
    internal (IReadOnlyList<int> Shown, int[] Widths) Fit(int available)
    {
        // A column is as wide as its longest cell or heading; to fit, first headings fold (down to their longest
        // word), then the cells of folding columns (down to their longest word).
        var natural = Enumerable.Range(0, columns.Count).Select(c => Math.Max(Longest(c, words: false, header: false), columns[c].Header.GetCellWidth())).ToArray();
        var headingFolded = Enumerable.Range(0, columns.Count).Select(c => Math.Max(Longest(c, words: false, header: false), Longest(c, words: true, header: true))).ToArray();
        var least = Enumerable.Range(0, columns.Count).Select(c => columns[c].Folds ? Longest(c, words: true, header: true) : headingFolded[c]).ToArray();
        var dropOrder = Enumerable.Range(0, columns.Count).Where(c => columns[c].DropRank > 0).OrderBy(c => columns[c].DropRank).ToList();

        var shown = Enumerable.Range(0, columns.Count).ToList();
        foreach (int c in dropOrder)
        {
            if (TableWidth(shown, least) <= available) break;
            shown.Remove(c);
        }

        var widths = (int[])natural.Clone();
        Narrow(headingFolded);
        Narrow(least);
        return (shown, widths);

        // Takes a character from the column with the most to spare above its floor until the table fits.
        void Narrow(int[] floor)
        {
            while (TableWidth(shown, widths) > available)
            {
                int widest = shown.Where(c => widths[c] > floor[c]).DefaultIfEmpty(-1).MaxBy(c => c < 0 ? -1 : widths[c] - floor[c]);
                if (widest < 0) return;
                widths[widest]--;
            }
        }
    }

    /// <summary>The longest cell of column <paramref name="c"/>, or its longest word; with or without its header.</summary>
    private int Longest(int c, bool words, bool header)
    {
        var cells = _rows.Select(r => r[c]);
        if (header) cells = cells.Append(columns[c].Header);
        var pieces = words ? cells.SelectMany(s => s.Split(' ')) : cells;
        return pieces.Select(s => s.GetCellWidth()).DefaultIfEmpty(0).Max();
    }

    /// <summary>Content plus one space either side of each cell plus the rules: left, between, right.</summary>
    private static int TableWidth(IEnumerable<int> shown, int[] widths)
    {
        var list = shown.ToList();
        return list.Sum(c => widths[c] + 2) + list.Count + 1;
    }
}
