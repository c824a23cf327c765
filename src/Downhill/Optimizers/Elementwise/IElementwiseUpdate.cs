using System.Numerics;
using Downhill.Numerics;

namespace Downhill.Optimizers.Elementwise;

/// <summary>
/// One step of an optimizer whose update of parameter i reads only element i of the gradient and of its own
/// buffers: the step's scalars (learning rate, bias corrections) plus the buffers, as a small struct.
/// </summary>
internal interface IElementwiseUpdate<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Updates parameters <c>[index, index + TLane.Width)</c> (and the buffers there) in place.</summary>
    void Apply<TLane>(ref T parameters, ref T gradient, nuint index) where TLane : struct, ILane<TLane, T>;
}
