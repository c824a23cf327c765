using System.Reflection;

namespace Downhill.Tests.Shape;

/// <summary>
/// One test-naming style: a test's name is a sentence in PascalCase (ATrainedNetworkHasNoNegativeCurvature), never
/// words joined by underscores; the build's naming rules cannot see the difference, so this test does.
/// </summary>
public class TestNamingTests
{
    [Fact]
    public void EveryTestIsNamedInPascalCaseWithoutUnderscores()
    {
        var tests = typeof(TestNamingTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any())
            .ToList();
        Assert.True(tests.Count > 500, $"found only {tests.Count} tests");
        var misnamed = tests.Where(m => m.Name.Contains('_') || !char.IsUpper(m.Name[0]))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();
        Assert.True(misnamed.Count == 0, "named with underscores or in lower case: " + string.Join(", ", misnamed));
    }
}
