namespace Downhill.Functions;

/// <summary>What a critical point (∇f = 0) is, read from the signs of the Hessian's eigenvalues there.</summary>
public enum PointKind
{
    /// <summary>The lowest minimum over the function's suggested bounds (several when tied).</summary>
    GlobalMinimum,

    /// <summary>A minimum that is not the lowest: Hessian positive definite.</summary>
    LocalMinimum,

    /// <summary>Hessian negative definite.</summary>
    Maximum,

    /// <summary>Hessian with eigenvalues of both signs.</summary>
    Saddle,

    /// <summary>Hessian singular: the second-order test says nothing (x³ at 0, the monkey saddle).</summary>
    Degenerate,
}
