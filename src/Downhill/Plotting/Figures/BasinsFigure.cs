namespace Downhill.Plotting;

/// <summary>Basins of attraction: each start on a grid coloured by the minimum it reached, the minima marked.</summary>
public static class BasinsFigure
{
    /// <summary>Builds the figure from a basin map computed by <see cref="Analysis.Landscapes.BasinMap.Compute"/>.</summary>
    public static Figure Build(string title, Analysis.Landscapes.BasinMap map, (string X, string Y) variables = default)
    {
        int ny = map.YValues.Count, nx = map.XValues.Count;
        var labels = new int[ny, nx];
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++)
                labels[j, i] = map.Labels[j][i];
        var minima = map.Minima.Select(m => new BasinMinimum(m.X[0], m.X[1], m.F)).ToList();
        return Build(title, new BasinGrid(map.XValues.ToArray(), map.YValues.ToArray(), labels, minima), variables);
    }

    /// <summary>A map of which minimum each start reached.</summary>
    public static Figure Build(string title, BasinGrid basins, (string X, string Y) variables = default)
    {
        var (xName, yName) = (variables.X ?? "x", variables.Y ?? "y");
        var colors = Enumerable.Range(0, basins.Minima.Count).Select(BasinColor).ToList();
        var names = basins.Minima.Select((m, k) => MinimumName(m, k)).ToList();
        // Failed starts become two more categories after the minima, present only when they occur.
        var labels = (int[,])basins.Labels.Clone();
        var failed = labels.Cast<int>().Where(l => l < 0).Distinct().OrderByDescending(l => l).ToList();
        foreach (int label in failed)
        {
            int category = names.Count;
            names.Add(FailureName(label));
            colors.Add(FailureColor(label));
            for (int j = 0; j < labels.GetLength(0); j++)
                for (int i = 0; i < labels.GetLength(1); i++)
                    if (labels[j, i] == label) labels[j, i] = category;
        }
        double[] xEdges = Edges(basins.Xs), yEdges = Edges(basins.Ys);
        var marks = new List<Mark>
        {
            new CategoryMapMark(xEdges, yEdges, labels, names, colors),
            new ScatterMark(basins.Minima.Select(m => (m.X, m.Y)).ToList(), Styles.ForKind("minimum"), Rgb.White)
            {
                Label = "minimum", Size = 12, Stroke = Rgb.Black,
            },
        };
        var panel = new Panel(new Axis(xName, xEdges[0], xEdges[^1]), new Axis(yName, yEdges[0], yEdges[^1]), marks);
        return new Figure(title, [panel]) { Width = 820, Height = 620 };
    }

    /// <summary>The colour of minimum k's basin: its categorical colour lightened, so the minima's markers stand out.</summary>
    public static Rgb BasinColor(int k) => Palette.Category(k).Mix(Rgb.White, 0.35);

    /// <summary>"diverged" for −1, "did not converge" for −2, "left the box" for −3, "unbounded below" for −4.</summary>
    public static string FailureName(int label) => label switch
    {
        BasinGrid.Diverged => "diverged",
        BasinGrid.LeftBox => "left the box",
        BasinGrid.Unbounded => "unbounded below",
        _ => "did not converge",
    };

    /// <summary>Dark grey for divergence and unbounded descent, light grey for a run that stopped short, black for one that left the box.</summary>
    public static Rgb FailureColor(int label) => label switch
    {
        BasinGrid.Diverged => Rgb.FromHex("#6f6f6f"),
        BasinGrid.Unbounded => Rgb.FromHex("#3f3f3f"),
        BasinGrid.LeftBox => Rgb.Black,
        _ => Palette.Missing,
    };

    /// <summary>"min 1 at (1, 1), f = 0".</summary>
    public static string MinimumName(BasinMinimum m, int k) =>
        $"min {k + 1} at ({TickFormat.Significant(m.X, 3)}, {TickFormat.Significant(m.Y, 3)}), f = {TickFormat.Significant(m.F, 3)}";

    /// <summary>Cell edges halfway between sample points, extended by half a step at either end.</summary>
    private static double[] Edges(double[] centres)
    {
        if (centres.Length == 1) return [centres[0] - 0.5, centres[0] + 0.5];
        var edges = new double[centres.Length + 1];
        for (int k = 1; k < centres.Length; k++) edges[k] = (centres[k - 1] + centres[k]) / 2;
        edges[0] = centres[0] - (edges[1] - centres[0]);
        edges[^1] = centres[^1] + (centres[^1] - edges[^2]);
        return edges;
    }
}
