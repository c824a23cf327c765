namespace Downhill.Functions.Expressions;

/// <summary>
/// Recursive-descent parser for the expression language. Grammar, loosest first:
/// <code>
/// sum     := product (('+' | '-') product)*
/// product := unary (('*' | '/') unary)*
/// unary   := ('-' | '+') unary | power
/// power   := atom (('^' | '**') unary)?        -- right-associative, tighter than unary minus
/// atom    := number | constant | variable | function '(' sum (',' sum)* ')' | '(' sum ')'
/// </code>
/// so <c>-x^2</c> is −(x²), <c>2^3^2</c> is 2⁹ and <c>2^-1</c> is ½. Every error is an <see cref="InputException"/>
/// pointing at the offending spot of the text and saying what was expected there.
/// </summary>
internal sealed class Parser
{
    private const int MaxDepth = 200;

    /// <summary>
    /// Differentiation, simplification and compilation recurse over the tree, whose depth grows with the length of a
    /// flat sum; capping the length keeps every recursion far from the stack's limit.
    /// </summary>
    private const int MaxTokens = 1000;

    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly NodeFactory _factory;
    private readonly IReadOnlyList<string>? _declared;
    private readonly List<string> _seen = [];
    private int _next;
    private int _depth;

    private Parser(string text, NodeFactory factory, IReadOnlyList<string>? declared)
    {
        this._text = text;
        this._factory = factory;
        this._declared = declared;
        _tokens = Lexer.Lex(text);
        if (_tokens.Count > MaxTokens + 1)
            throw new InputException($"expression too long: more than {MaxTokens} numbers, names and symbols", text, _tokens[MaxTokens].Start);
    }

    /// <summary>
    /// Parses <paramref name="text"/> into raw (unsimplified) nodes of <paramref name="factory"/>. Variables are
    /// numbered by <paramref name="variables"/> when given (an identifier outside it is an error), otherwise in
    /// <see cref="VariableOrder"/>.
    /// </summary>
    public static (Node Root, IReadOnlyList<string> Variables) Parse(string text, NodeFactory factory, IReadOnlyList<string>? variables)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
            throw new InputException("empty expression: expected a formula such as x^2 + y^2", text, 0);
        var parser = new Parser(text, factory, variables);
        Node root = parser.ParseSum();
        parser.ExpectEnd();
        if (variables is not null) return (root, variables);
        var order = VariableOrder.Sort(parser._seen);
        return (Renumber(root, order, factory, []), order);
    }

    private Token Peek => _tokens[_next];

    private string Describe(Token t) => t.Kind == TokenKind.End ? "the end of the expression" : $"'{_text.Substring(t.Start, t.Length)}'";

    private string TextOf(Token t) => _text.Substring(t.Start, t.Length);

    private InputException Error(string message, int position) => new(message, _text, position);

    private void ExpectEnd()
    {
        Token t = Peek;
        if (t.Kind == TokenKind.End) return;
        if (t.Kind == TokenKind.Close) throw Error("unmatched ')': no '(' before it to close", t.Start);
        throw Error($"expected an operator or the end of the expression, found {Describe(t)}", t.Start);
    }

    private Node ParseSum() =>
        ParseLeftAssociative(ParseProduct, (TokenKind.Plus, NodeKind.Add), (TokenKind.Minus, NodeKind.Subtract));

    private Node ParseProduct() =>
        ParseLeftAssociative(ParseUnary, (TokenKind.Star, NodeKind.Multiply), (TokenKind.Slash, NodeKind.Divide));

    /// <summary>operand (op operand)*, grouped from the left: a − b − c is (a − b) − c.</summary>
    private Node ParseLeftAssociative(Func<Node> operand, (TokenKind Token, NodeKind Node) first, (TokenKind Token, NodeKind Node) second)
    {
        Node left = operand();
        while (Peek.Kind == first.Token || Peek.Kind == second.Token)
        {
            var kind = _tokens[_next++].Kind == first.Token ? first.Node : second.Node;
            left = _factory.Make(kind, left, operand());
        }
        return left;
    }

    private Node ParseUnary()
    {
        if (++_depth > MaxDepth) throw Error($"expression nested more than {MaxDepth} deep", Peek.Start);
        Node result;
        if (Peek.Kind == TokenKind.Minus)
        {
            _next++;
            result = _factory.Make(NodeKind.Negate, ParseUnary());
        }
        else if (Peek.Kind == TokenKind.Plus)
        {
            _next++;
            result = ParseUnary();
        }
        else
        {
            result = ParsePower();
        }
        _depth--;
        return result;
    }

    private Node ParsePower()
    {
        Node atom = ParseAtom();
        Token after = Peek;
        if (after.Kind is TokenKind.Number or TokenKind.Identifier or TokenKind.Open)
            throw Error($"missing operator before {Describe(after)} (write * for a product)", after.Start);
        if (after.Kind != TokenKind.Caret) return atom;
        _next++;
        return _factory.Make(NodeKind.Power, atom, ParseUnary());
    }

    private Node ParseAtom()
    {
        Token t = _tokens[_next];
        switch (t.Kind)
        {
            case TokenKind.Number:
                _next++;
                return _factory.Number(t.Value);
            case TokenKind.Identifier:
                _next++;
                return _tokens[_next].Kind == TokenKind.Open ? ParseCall(t) : Name(t);
            case TokenKind.Open:
            {
                _next++;
                Node inner = ParseSum();
                if (Peek.Kind != TokenKind.Close)
                    throw Error($"expected ')' to close the '(' at column {t.Start + 1}, found {Describe(Peek)}", Peek.Start);
                _next++;
                return inner;
            }
            default:
                string after = _next == 0 ? "" : $" after {Describe(_tokens[_next - 1])}";
                throw Error($"expected a number, variable, function or '('{after}, found {Describe(t)}", t.Start);
        }
    }

    private Node Name(Token t)
    {
        string name = TextOf(t);
        if (Builtins.Constants.TryGetValue(name, out double value))
            return _factory.NamedConstant(name, value);
        if (Builtins.ByName.ContainsKey(name) || name == Builtins.Pow)
            throw Error($"function '{name}' needs its arguments in parentheses: {name}(…)", t.Start + t.Length);
        if (_declared is not null)
        {
            int index = IndexOf(_declared, name);
            if (index < 0)
                throw Error($"unknown variable '{name}': the variables are {string.Join(", ", _declared)}" +
                            NameSuggestion.Hint(name, _declared.Concat(Builtins.Constants.Keys)), t.Start);
            return _factory.Variable(index, name);
        }
        string? reserved = Builtins.AllNames.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        if (reserved is not null)
            throw Error($"unknown constant '{name}'; names are case-sensitive: did you mean '{reserved}'?", t.Start);
        if (!_seen.Contains(name))
        {
            if (_seen.Count == Expression.MaxVariables)
                throw Error($"an expression may have at most {Expression.MaxVariables} variables (its Hessian has n² entries): '{name}' is one more", t.Start);
            _seen.Add(name);
        }
        return _factory.Variable(-1, name);
    }

    private Node ParseCall(Token nameToken)
    {
        string name = TextOf(nameToken);
        bool isPow = name == Builtins.Pow;
        if (!isPow && !Builtins.ByName.ContainsKey(name))
            throw Error($"unknown function '{name}'" + NameSuggestion.Hint(name, Builtins.ByName.Keys.Append(Builtins.Pow)), nameToken.Start);
        _next++; // '('
        var args = new List<Node> { ParseSum() };
        while (Peek.Kind == TokenKind.Comma)
        {
            _next++;
            args.Add(ParseSum());
        }
        if (Peek.Kind != TokenKind.Close)
            throw Error($"expected ',' or ')' to close {name}(…), found {Describe(Peek)}", Peek.Start);
        _next++;
        Builtin function = isPow ? Builtin.None : Builtins.ByName[name];
        int arity = isPow ? 2 : Builtins.Arity(function);
        if (args.Count != arity)
            throw Error($"{name} takes {arity} argument{(arity == 1 ? "" : "s")}, but {args.Count} {(args.Count == 1 ? "was" : "were")} given", nameToken.Start);
        return isPow ? _factory.Make(NodeKind.Power, args[0], args[1])
            : _factory.Make(NodeKind.Call, args[0], arity == 2 ? args[1] : null, function);
    }

    private static int IndexOf(IReadOnlyList<string> list, string name)
    {
        for (int i = 0; i < list.Count; i++)
            if (list[i] == name) return i;
        return -1;
    }

    private static Node Renumber(Node n, IReadOnlyList<string> order, NodeFactory f, Dictionary<Node, Node> memo)
    {
        if (!n.HasVariables) return n;
        if (memo.TryGetValue(n, out var done)) return done;
        Node result = n.Kind == NodeKind.Variable
            ? f.Variable(IndexOf(order, n.Name!), n.Name!)
            : f.Make(n.Kind, n.Left is null ? null : Renumber(n.Left, order, f, memo),
                n.Right is null ? null : Renumber(n.Right, order, f, memo), n.Function, n.Value, n.Index, n.Name);
        memo[n] = result;
        return result;
    }
}
