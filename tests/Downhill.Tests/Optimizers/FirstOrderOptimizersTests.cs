using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Tests.Optimizers;

public class FirstOrderOptimizersTests
{
    private static FirstOrderOptimizer Create(string text)
    {
        Assert.True(FirstOrderOptimizers.TryCreate(Spec.Parse(text), out var optimizer));
        return optimizer!;
    }

    [Fact]
    public void NamesListEveryOptimizerAndShorthand() =>
        Assert.Equal(["sgd", "gd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw", "nadam", "radam", "adamax", "lion"],
            FirstOrderOptimizers.Names);

    [Fact]
    public void EveryNameCreatesAnOptimizerOfThatName()
    {
        foreach (var name in FirstOrderOptimizers.Names)
            Assert.Equal(name, Create(name).Name);
    }

    [Fact]
    public void EveryListedHyperparameterIsAKeyTheSpecAccepts()
    {
        // ToString writes every hyperparameter as a key; parsing it back must accept each and rebuild the same settings.
        foreach (var name in FirstOrderOptimizers.Names)
        {
            string spec = Create(name).ToString();
            Assert.Equal(spec, Create(spec).ToString());
        }
    }

    [Fact]
    public void UnknownNameIsFalseNotAnError()
    {
        Assert.False(FirstOrderOptimizers.TryCreate(Spec.Parse("lbfgs:history_size=10"), out var optimizer));
        Assert.Null(optimizer);
    }

    [Theory]
    [InlineData("sgd", "sgd:lr=0.001,momentum=0,dampening=0,weight_decay=0,nesterov=false,maximize=false")]
    [InlineData("gd", "gd:lr=0.001,momentum=0,dampening=0,weight_decay=0,nesterov=false,maximize=false")]
    [InlineData("momentum", "momentum:lr=0.001,momentum=0.9,dampening=0,weight_decay=0,nesterov=false,maximize=false")]
    [InlineData("nesterov", "nesterov:lr=0.001,momentum=0.9,dampening=0,weight_decay=0,nesterov=true,maximize=false")]
    [InlineData("adagrad", "adagrad:lr=0.01,lr_decay=0,weight_decay=0,initial_accumulator_value=0,eps=1e-10,maximize=false")]
    [InlineData("rmsprop", "rmsprop:lr=0.01,alpha=0.99,eps=1e-08,weight_decay=0,momentum=0,centered=false,maximize=false")]
    [InlineData("adadelta", "adadelta:lr=1,rho=0.9,eps=1e-06,weight_decay=0,maximize=false")]
    [InlineData("adam", "adam:lr=0.001,beta1=0.9,beta2=0.999,eps=1e-08,weight_decay=0,amsgrad=false,maximize=false")]
    [InlineData("adamw", "adamw:lr=0.001,beta1=0.9,beta2=0.999,eps=1e-08,weight_decay=0.01,amsgrad=false,maximize=false")]
    [InlineData("nadam", "nadam:lr=0.002,beta1=0.9,beta2=0.999,eps=1e-08,weight_decay=0,momentum_decay=0.004")]
    [InlineData("radam", "radam:lr=0.001,beta1=0.9,beta2=0.999,eps=1e-08,weight_decay=0")]
    [InlineData("adamax", "adamax:lr=0.002,beta1=0.9,beta2=0.999,eps=1e-08,weight_decay=0,maximize=false")]
    [InlineData("lion", "lion:lr=0.0001,beta1=0.9,beta2=0.99,weight_decay=0,maximize=false")]
    public void HyperparametersListEveryKeyWithTorchDefaults(string name, string expected) =>
        Assert.Equal(expected, Create(name).ToString());

    [Fact]
    public void GivenValuesReplaceDefaultsAndTheSpecRoundTrips()
    {
        var adam = Create("adam:lr=0.01,amsgrad=true,beta2=0.99");
        Assert.Equal("adam:lr=0.01,beta1=0.9,beta2=0.99,eps=1e-08,weight_decay=0,amsgrad=true,maximize=false", adam.ToString());
        Assert.Equal(adam.ToString(), Create(adam.ToString()).ToString());
        Assert.Equal(0.01, adam.LearningRate);
    }

    [Fact]
    public void ShorthandsTakeSgdKeys() =>
        Assert.Equal("momentum:lr=0.1,momentum=0.5,dampening=0.1,weight_decay=0,nesterov=false,maximize=false",
            Create("momentum:lr=0.1,momentum=0.5,dampening=0.1").ToString());

    [Fact]
    public void UnknownKeyListsTheValidOnes()
    {
        var e = Assert.Throws<InputException>(() => Create("adam:betas=0.9"));
        Assert.Equal("unknown key 'betas' for optimizer 'adam'; valid keys: lr, beta1, beta2, eps, weight_decay, amsgrad, maximize", e.Message);
    }

    [Fact]
    public void OptionTorchLacksIsAnUnknownKey() =>
        Assert.StartsWith("unknown key 'maximize' for optimizer 'nadam'",
            Assert.Throws<InputException>(() => Create("nadam:maximize=true")).Message);

    [Theory]
    [InlineData("sgd:lr=-0.1", "sgd:lr must be a finite number ≥ 0, not -0.1")]
    [InlineData("gd:lr=inf", "gd:lr must be a finite number ≥ 0, not Infinity")]
    [InlineData("sgd:momentum=-0.5", "sgd:momentum must be a finite number ≥ 0, not -0.5")]
    [InlineData("sgd:dampening=1.5", "sgd:dampening must be in [0, 1], not 1.5")]
    [InlineData("sgd:weight_decay=-1", "sgd:weight_decay must be a finite number ≥ 0, not -1")]
    [InlineData("adam:beta1=1", "adam:beta1 must be in [0, 1), not 1")]
    [InlineData("adamw:beta2=-0.1", "adamw:beta2 must be in [0, 1), not -0.1")]
    [InlineData("adam:eps=-1e-8", "adam:eps must be a finite number ≥ 0, not -1e-08")]
    [InlineData("nadam:momentum_decay=-1", "nadam:momentum_decay must be a finite number ≥ 0, not -1")]
    [InlineData("radam:beta1=2", "radam:beta1 must be in [0, 1), not 2")]
    [InlineData("adamax:beta2=1", "adamax:beta2 must be in [0, 1), not 1")]
    [InlineData("adagrad:lr_decay=-1", "adagrad:lr_decay must be a finite number ≥ 0, not -1")]
    [InlineData("adagrad:initial_accumulator_value=-1", "adagrad:initial_accumulator_value must be a finite number ≥ 0, not -1")]
    [InlineData("rmsprop:alpha=1.5", "rmsprop:alpha must be in [0, 1], not 1.5")]
    [InlineData("rmsprop:momentum=-1", "rmsprop:momentum must be a finite number ≥ 0, not -1")]
    [InlineData("adadelta:rho=-0.5", "adadelta:rho must be in [0, 1], not -0.5")]
    [InlineData("sgd:nesterov=true", "sgd:nesterov=true needs momentum > 0 and dampening = 0 (momentum=0, dampening=0)")]
    [InlineData("nesterov:dampening=0.5", "nesterov:nesterov=true needs momentum > 0 and dampening = 0 (momentum=0.9, dampening=0.5)")]
    [InlineData("adam:amsgrad=maybe", "adam:amsgrad must be true or false, not 'maybe'")]
    [InlineData("adam:lr=fast", "adam:lr must be a number, not 'fast'")]
    public void OutOfRangeValueNamesTheKeyAndTheRange(string spec, string message) =>
        Assert.Equal(message, Assert.Throws<InputException>(() => Create(spec)).Message);

    [Fact]
    public void ConstructorsValidateLikeSpecs() =>
        Assert.Equal("adam:beta1 must be in [0, 1), not 1", Assert.Throws<InputException>(() => new Adam(beta1: 1)).Message);
}
