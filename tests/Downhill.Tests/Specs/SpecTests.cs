using Downhill.Specs;

namespace Downhill.Tests.Specs;

public class SpecTests
{
    [Fact]
    public void ParsesNameAndSettingsInOrder()
    {
        var spec = Spec.Parse("sgd:lr=0.01,momentum=0.9,nesterov=true");
        Assert.Equal("sgd", spec.Name);
        Assert.Equal(["lr", "momentum", "nesterov"], spec.Settings.Select(s => s.Key));
        Assert.Equal(0.01, spec.GetDouble("lr", 1));
        Assert.True(spec.GetBool("nesterov", false));
        Assert.Equal(0.5, spec.GetDouble("dampening", 0.5));
    }

    [Fact]
    public void BareNameHasNoSettings() => Assert.Empty(Spec.Parse("adam").Settings);

    [Theory]
    [InlineData("sgd:", 4)]
    [InlineData("sgd:lr", 4)]
    [InlineData("sgd:lr=1,momentum", 9)]
    [InlineData(":lr=1", 0)]
    public void MalformedSpecPointsAtTheBadSpot(string text, int position)
    {
        var e = Assert.Throws<InputException>(() => Spec.Parse(text));
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void RepeatedKeyIsAnError() =>
        Assert.Contains("twice", Assert.Throws<InputException>(() => Spec.Parse("sgd:lr=1,lr=2")).Message);

    [Fact]
    public void UnknownKeyListsTheValidOnes()
    {
        var e = Assert.Throws<InputException>(() => Spec.Parse("sgd:lrr=1").RejectUnknownKeys(["lr", "momentum"], "optimizer"));
        Assert.Equal("unknown key 'lrr' for optimizer 'sgd'; valid keys: lr, momentum", e.Message);
    }

    [Fact]
    public void NonNumericValueIsNamed() =>
        Assert.Equal("sgd:lr must be a number, not 'fast'",
            Assert.Throws<InputException>(() => Spec.Parse("sgd:lr=fast").GetDouble("lr", 1)).Message);
}
