using System.Text;
using System.Text.Json;
using Downhill.IO;

namespace Downhill.Tests.IO;

public class JsonNumbersTests
{
    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) write(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void NonFiniteValuesBecomeStringsThatReadBack()
    {
        string json = Write(w =>
        {
            w.WriteStartObject();
            w.WriteReal("nan", double.NaN);
            w.WriteReal("up", double.PositiveInfinity);
            w.WriteReals("xs", [1.5, double.NegativeInfinity, 0.1]);
            w.WriteEndObject();
        });
        Assert.Equal("""{"nan":"NaN","up":"Infinity","xs":[1.5,"-Infinity",0.1]}""", json);
        using var doc = JsonDocument.Parse(json);
        Assert.True(double.IsNaN(JsonNumbers.ReadNumber(doc.RootElement.GetProperty("nan"))));
        Assert.Equal(double.NegativeInfinity, JsonNumbers.ReadNumber(doc.RootElement.GetProperty("xs")[1]));
    }

    [Fact]
    public void FiniteValuesRoundTripExactly()
    {
        double value = 0.1 + 0.2;
        string json = Write(w => w.WriteReal(value));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(value, JsonNumbers.ReadNumber(doc.RootElement));
    }
}
