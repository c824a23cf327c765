namespace Downhill.Functions;

/// <summary>A setting of a catalog function, given as <c>name:key=value</c> (e.g. <c>valley:kappa=50</c>).</summary>
public sealed record CatalogParameter(string Name, double Default, string Description);
