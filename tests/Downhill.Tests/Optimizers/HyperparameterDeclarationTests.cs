using System.Reflection;
using System.Text.Json;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Specs;

namespace Downhill.Tests.Optimizers;

/// <summary>Each method's hyperparameters are declared once, and everything that reads them agrees with the declaration.</summary>
public class HyperparameterDeclarationTests
{
    public static TheoryData<string> MethodNames => new(Methods.Names);

    [Theory]
    [MemberData(nameof(MethodNames))]
    public void AMethodBuiltWithDefaultsHoldsEveryDeclaredKeyAtItsDefault(string name)
    {
        var declaration = Methods.Find(name)!;
        var method = declaration.Create();
        var inEffect = method.Hyperparameters.ToDictionary(h => h.Name, h => h.Value);
        foreach (var declared in declaration.Hyperparameters)
            if (inEffect.TryGetValue(declared.Name, out var value)) Assert.Equal(declared.Default, value);
            else Assert.True(declared is { Name: "line_search", Default: "none" }, $"{name} does not list {declared.Name}");
        Assert.All(method.Hyperparameters, h => Assert.Contains(declaration.Hyperparameters, d => d.Name == h.Name));
    }

    [Fact]
    public void EveryFirstOrderOptimizerListsItsDeclaredKeysInDeclaredOrder() =>
        Assert.All(FirstOrderOptimizers.Declarations, d =>
            Assert.Equal(d.Hyperparameters.Select(h => h.Name), d.Create().Hyperparameters.Select(h => h.Name)));

    public static TheoryData<Type> OptimizerTypes => new(typeof(FirstOrderOptimizer).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(FirstOrderOptimizer)) && !t.IsAbstract));

    [Theory]
    [MemberData(nameof(OptimizerTypes))]
    public void TheConstructorTakesTheDeclaredKeysInOrderWithTheDeclaredDefaults(Type type)
    {
        var declared = ((MethodDeclaration<FirstOrderOptimizer>)type.GetProperty("Declared")!.GetValue(null)!).Hyperparameters;
        var parameters = type.GetConstructors().Single().GetParameters();
        Assert.Equal(declared.Select(d => d.Name), parameters.Select(p => SnakeCase(p.Name!)));
        Assert.Equal(declared.Select(d => d.Default), parameters.Select(p => p.DefaultValue));
    }

    private static string SnakeCase(string camel) =>
        camel == "lrDecay" ? "lr_decay" : string.Concat(camel.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString()));

    [Fact]
    public void WithChangesOneValueAndKeepsTheRestAndTheName()
    {
        var momentum = Create("momentum:lr=0.01");
        var changed = momentum.With("dampening", 0.25);
        Assert.Equal("momentum:lr=0.01,momentum=0.9,dampening=0.25,weight_decay=0,nesterov=false,maximize=false", changed.ToString());
        Assert.Equal("momentum:lr=0.01,momentum=0.9,dampening=0,weight_decay=0,nesterov=false,maximize=false", momentum.ToString());
        var adam = Assert.IsType<Adam>(new Adam().With("amsgrad", true).With("lr", "0.5"));
        Assert.True(adam.Amsgrad);
        Assert.Equal(0.5, adam.LearningRate);
        Assert.Equal(7, ((Lbfgs)Methods.Parse("lbfgs").With("history_size", 7.0)).HistorySize);
        Assert.True(((Sgd)((FirstOrderMethod)Methods.Parse("sgd:momentum=0.5").With("nesterov", 1.0)).Optimizer).Nesterov);
        Assert.Equal("armijo", Methods.Parse("gd").With("line_search", "armijo").Hyperparameters[^1].FormattedValue);
    }

    [Theory]
    [InlineData("adam", "beta1", 1.0, "adam:beta1 must be in [0, 1), not 1")]
    [InlineData("rmsprop", "alpha", -0.5, "rmsprop:alpha must be in [0, 1], not -0.5")]
    [InlineData("newton", "damping", 0.0, "newton:damping must be in (0, 1], not 0")]
    [InlineData("lbfgs", "history_size", 2.5, "lbfgs:history_size must be a whole number, not '2.5'")]
    [InlineData("lbfgs", "history_size", 0.0, "lbfgs:history_size must be in [1, 1000], not 0")]
    [InlineData("sgd", "nesterov", 0.5, "sgd:nesterov must be true or false, not '0.5'")]
    [InlineData("bfgs", "line_search", "none", "bfgs:line_search must be one of armijo, strong_wolfe, more_thuente, not 'none'")]
    [InlineData("adam", "momentum", 0.9, "unknown key 'momentum' for optimizer 'adam'; valid keys: lr, beta1, beta2, eps, weight_decay, amsgrad, maximize")]
    [InlineData("gd", "lr", double.NaN, "gd:lr must be a finite number ≥ 0, not NaN")]
    public void WithRefusesWhatTheDeclarationRefusesNamingTheKeyAndRange(string method, string key, object value, string message) =>
        Assert.Equal(message, Assert.Throws<InputException>(() => Methods.Parse(method).With(key, value)).Message);

    [Fact]
    public void ACrossKeyRuleHoldsThroughWithAsThroughASpec()
    {
        var e = Assert.Throws<InputException>(() => Methods.Parse("nesterov").With("momentum", 0.0));
        Assert.Equal("nesterov:nesterov=true needs momentum > 0 and dampening = 0 (momentum=0, dampening=0)", e.Message);
        Assert.Contains("maximize", Assert.Throws<InputException>(() => Methods.Parse("gd:line_search=armijo").With("maximize", true)).Message);
    }

    [Fact]
    public void RangesReadAsMessagesAndHelpPrintThem()
    {
        Assert.Equal("a finite number ≥ 0", Adam.Declared["lr"].RangeText);
        Assert.Equal("in [0, 1)", Adam.Declared["beta2"].RangeText);
        Assert.Equal("in (0, 1]", Newton.Declared["damping"].RangeText);
        Assert.Equal("a finite number > 0", Lbfgs.Declared["lr"].RangeText);
        Assert.Equal("in [1, 1000]", Lbfgs.Declared["history_size"].RangeText);
        Assert.Equal("true or false", Adam.Declared["amsgrad"].RangeText);
        Assert.Equal("one of armijo, strong_wolfe, more_thuente, none", Newton.Declared["line_search"].RangeText);
    }

    [Fact]
    public void DeclarationsSerializeToJsonAsTheyStand()
    {
        string json = JsonSerializer.Serialize(Adam.Declared["lr"]);
        Assert.Equal(
            "{\"name\":\"lr\",\"kind\":\"real\",\"default\":0.001,\"min\":0,\"minExclusive\":false,\"max\":null,\"maxExclusive\":false," +
            "\"typicalMin\":1E-05,\"typicalMax\":10,\"scale\":\"log\",\"choices\":[],\"meaning\":\"learning rate \\u03B3: the step\\u0027s scale\"}", json);
        using var choice = JsonDocument.Parse(JsonSerializer.Serialize(Lbfgs.Declared.Hyperparameters));
        var lineSearch = choice.RootElement[2];
        Assert.Equal("choice", lineSearch.GetProperty("kind").GetString());
        Assert.Equal("strong_wolfe", lineSearch.GetProperty("default").GetString());
        Assert.Equal(["armijo", "strong_wolfe", "more_thuente", "none"], lineSearch.GetProperty("choices").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("int", choice.RootElement[1].GetProperty("kind").GetString());
    }

    [Fact]
    public void EveryRealDefaultLiesInItsRangeAndItsTypicalSpan()
    {
        foreach (var method in Methods.Declarations)
            foreach (var d in method.Hyperparameters.Where(d => d.Kind is HyperparameterKind.Real or HyperparameterKind.Integer))
            {
                double value = Convert.ToDouble(d.Default);
                Assert.Equal(d.Default, d.Check(method.Name, d.Default));
                Assert.True(d.TypicalMin <= value && value <= d.TypicalMax, $"{method.Name}:{d.Name}");
                Assert.True(d.Scale == HyperparameterScale.Linear || d.TypicalMin > 0, $"{method.Name}:{d.Name} is log-scaled from 0");
            }
    }

    private static FirstOrderOptimizer Create(string text)
    {
        Assert.True(FirstOrderOptimizers.TryCreate(Spec.Parse(text), out var optimizer));
        return optimizer!;
    }
}
