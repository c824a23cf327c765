namespace Downhill.Functions.Expressions;

/// <summary>
/// The order of an expression's variables when none is given: x, y, z first; then indexed names (with a digit) in
/// natural order, digit runs comparing as numbers (x1, x2, …, x10, w1); then the other names alphabetically.
/// </summary>
public sealed class VariableOrder : IComparer<string>
{
    /// <summary>The one instance.</summary>
    public static readonly VariableOrder Instance = new();

    private static readonly string[] First = ["x", "y", "z"];

    /// <summary>The distinct names in variable order.</summary>
    public static IReadOnlyList<string> Sort(IEnumerable<string> names) => names.Distinct().Order(Instance).ToList();

    /// <summary>Compares two variable names in variable order.</summary>
    public int Compare(string? a, string? b)
    {
        if (a is null || b is null) return string.CompareOrdinal(a, b);
        int ia = Array.IndexOf(First, a), ib = Array.IndexOf(First, b);
        if (ia >= 0 || ib >= 0)
            return (ia < 0 ? int.MaxValue : ia).CompareTo(ib < 0 ? int.MaxValue : ib);
        bool indexedA = a.Any(char.IsAsciiDigit), indexedB = b.Any(char.IsAsciiDigit);
        if (indexedA != indexedB) return indexedA ? -1 : 1;
        return Natural(a, b);
    }

    private static int Natural(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                int si = i, sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
                while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
                string da = a[si..i].TrimStart('0'), db = b[sj..j].TrimStart('0');
                int c = da.Length != db.Length ? da.Length.CompareTo(db.Length) : string.CompareOrdinal(da, db);
                if (c != 0) return c;
                c = (i - si).CompareTo(j - sj); // "x01" after "x1"
                if (c != 0) return c;
            }
            else
            {
                int c = a[i].CompareTo(b[j]);
                if (c != 0) return c;
                i++;
                j++;
            }
        }
        return (a.Length - i).CompareTo(b.Length - j);
    }
}
