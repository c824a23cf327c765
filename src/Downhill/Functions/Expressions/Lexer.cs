using System.Globalization;

namespace Downhill.Functions.Expressions;

/// <summary>What a token of the expression language is.</summary>
internal enum TokenKind { Number, Identifier, Plus, Minus, Star, Slash, Caret, Open, Close, Comma, End }

/// <summary>One token: its kind, where it stands in the text, and a number's value.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, double Value = 0);

/// <summary>
/// Splits an expression into tokens: numbers (digits[.digits][e[±]digits]), identifiers, the operators
/// <c>+ - * / ^ **</c> (<c>**</c> is <c>^</c>), parentheses and commas, ending with <see cref="TokenKind.End"/>.
/// A character outside the language or a malformed number is an <see cref="InputException"/> pointing at it.
/// </summary>
internal static class Lexer
{
    public static List<Token> Lex(string text)
    {
        var list = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            int start = i;
            if (char.IsAsciiDigit(c) || c == '.')
            {
                list.Add(LexNumber(text, ref i));
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                list.Add(new Token(TokenKind.Identifier, start, i - start));
                continue;
            }
            if (c == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                list.Add(new Token(TokenKind.Caret, start, 2));
                i += 2;
                continue;
            }
            TokenKind kind = c switch
            {
                '+' => TokenKind.Plus, '-' => TokenKind.Minus, '*' => TokenKind.Star, '/' => TokenKind.Slash, '^' => TokenKind.Caret,
                '(' => TokenKind.Open, ')' => TokenKind.Close, ',' => TokenKind.Comma,
                _ => throw new InputException($"unexpected character '{c}' in expression", text, i),
            };
            list.Add(new Token(kind, start, 1));
            i++;
        }
        list.Add(new Token(TokenKind.End, text.Length, 0));
        return list;
    }

    /// <summary>digits[.digits][e[±]digits]; anything else that starts like a number is a malformed number.</summary>
    private static Token LexNumber(string text, ref int i)
    {
        int start = i;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            int j = i + 1;
            if (j < text.Length && text[j] is '+' or '-') j++;
            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                while (j < text.Length && char.IsAsciiDigit(text[j])) j++;
                i = j;
            }
            else
            {
                while (j < text.Length && char.IsAsciiLetterOrDigit(text[j])) j++;
                throw new InputException($"malformed number '{text[start..j]}': an exponent needs digits, as in 1e-3", text, start);
            }
        }
        string s = text[start..i];
        if (s.Count(ch => ch == '.') > 1 || s == "." ||
            !double.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double value))
            throw new InputException($"malformed number '{s}'", text, start);
        if (!double.IsFinite(value))
            throw new InputException($"number '{s}' is too large for a double", text, start);
        return new Token(TokenKind.Number, start, i - start, value);
    }
}
