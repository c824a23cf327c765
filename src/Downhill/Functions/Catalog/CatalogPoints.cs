namespace Downhill.Functions;

/// <summary>
/// Critical points of the fixed-dimension catalog functions inside their suggested bounds, found by Newton from a
/// dense grid of starts and polished in 50-digit arithmetic by tools/reference/critical_points.py (which printed
/// this table). A test checks each against the function's own formula: ‖∇f‖ &lt; 1e-8 and f as stated.
/// </summary>
internal static class CatalogPoints
{
    /// <summary>Styblinski–Tang's minimizer in each coordinate: the root of 2x³ − 16x + 5/2 near −2.9.</summary>
    public const double StyblinskiTangX = -2.903534027771177;

    /// <summary>Styblinski–Tang's minimum per coordinate.</summary>
    public const double StyblinskiTangF = -39.16616570377141;

    public static readonly IReadOnlyDictionary<string, KnownPoint[]> Fixed = new Dictionary<string, KnownPoint[]>
    {
        ["parabola"] =
        [
            new([0.5], 3.25, PointKind.GlobalMinimum),
        ],
        ["xcos"] =
        [
            new([1.0904082219467213], -1.0467211246605712, PointKind.GlobalMinimum),
            new([-0.2738526868008509], -0.17860251154773327, PointKind.LocalMinimum),
            new([0.2738526868008509], 0.17860251154773327, PointKind.Maximum),
        ],
        ["xcos-noisy"] =
        [
            new([1.0169834031079086], -1.2084614338727624, PointKind.GlobalMinimum),
            new([-0.9740372917109443], 0.7872016635777669, PointKind.LocalMinimum),
            new([-0.5584587120412174], -0.05692284833750122, PointKind.LocalMinimum),
            new([-0.2080549862343783], -0.3635730254291555, PointKind.LocalMinimum),
            new([0.18999729312026079], -0.04039235916680492, PointKind.LocalMinimum),
            new([0.6516366520617566], -0.436557555597179, PointKind.LocalMinimum),
            new([1.3208019867362606], -0.7691037466467949, PointKind.LocalMinimum),
            new([-0.8470654986668815], 0.8989512594893108, PointKind.Maximum),
            new([-0.4214763229511923], 0.08580468275121217, PointKind.Maximum),
            new([0.020490305892100866], 0.21017754190798205, PointKind.Maximum),
            new([0.3841916211646123], 0.33057980421266764, PointKind.Maximum),
            new([0.7453869339904591], -0.3885630592772701, PointKind.Maximum),
            new([1.2435211908037005], -0.7419589153584497, PointKind.Maximum),
        ],
        ["peaks"] =
        [
            new([0.22827892055636909, -1.6255349574999964], -6.551133332835837, PointKind.GlobalMinimum),
            new([-1.3473962443682108, 0.20451886609700518], -3.04984940280026, PointKind.LocalMinimum),
            new([0.2964455538468321, 0.32019624766683435], -0.06493586825552689, PointKind.LocalMinimum),
            new([-0.46002451803438665, -0.6291965087168009], 3.7765809985322067, PointKind.Maximum),
            new([-0.009317581959954116, 1.5813679629389998], 8.106213589442337, PointKind.Maximum),
            new([1.285684697241304, -0.004847559075593672], 3.592489918002754, PointKind.Maximum),
            new([-0.2659375568372457, 0.4667399937262694], 0.7882934626789642, PointKind.Saddle),
            new([0.4163233216785082, -0.3941450984024246], 0.4085479245941372, PointKind.Saddle),
            new([1.0982728343350927, 0.8544609795247524], 2.2491916615269307, PointKind.Saddle),
        ],
        ["himmelblau"] =
        [
            new([-3.779310253377747, -3.2831859912861696], 0.0, PointKind.GlobalMinimum),
            new([-2.805118086952745, 3.131312518250573], 0.0, PointKind.GlobalMinimum),
            new([3.0, 2.0], 0.0, PointKind.GlobalMinimum),
            new([3.5844283403304917, -1.8481265269644036], 0.0, PointKind.GlobalMinimum),
            new([-0.2708445906673476, -0.9230385564799815], 181.6165215225827, PointKind.Maximum),
            new([-3.0730257507643897, -0.08135304428796751], 104.0151629175581, PointKind.Saddle),
            new([-0.12796134673068008, -1.9537149802445763], 178.33723920192747, PointKind.Saddle),
            new([0.08667750455539636, 2.884254701174776], 67.71915008752615, PointKind.Saddle),
            new([3.385154183607021, 0.07385187983774928], 13.31192627040559, PointKind.Saddle),
        ],
        ["beale"] =
        [
            new([3.0, 0.5], 0.0, PointKind.GlobalMinimum),
        ],
        ["booth"] =
        [
            new([1.0, 3.0], 0.0, PointKind.GlobalMinimum),
        ],
        ["matyas"] =
        [
            new([0.0, 0.0], 0.0, PointKind.GlobalMinimum),
        ],
        ["three-hump-camel"] =
        [
            new([0.0, 0.0], 0.0, PointKind.GlobalMinimum),
            new([-1.7475523458302888, 0.8737761729151444], 0.2986384422368598, PointKind.LocalMinimum),
            new([1.7475523458302888, -0.8737761729151444], 0.2986384422368598, PointKind.LocalMinimum),
            new([-1.07054229182366, 0.53527114591183], 0.8773615577631402, PointKind.Saddle),
            new([1.07054229182366, -0.53527114591183], 0.8773615577631402, PointKind.Saddle),
        ],
        ["six-hump-camel"] =
        [
            new([-0.08984201310031806, 0.7126564030207396], -1.0316284534898774, PointKind.GlobalMinimum),
            new([0.08984201310031806, -0.7126564030207396], -1.0316284534898774, PointKind.GlobalMinimum),
            new([-1.703606714969981, 0.7960835686726251], -0.21546382438371764, PointKind.LocalMinimum),
            new([-1.6071047529201972, -0.5686514548841314], 2.1042503103112584, PointKind.LocalMinimum),
            new([1.6071047529201972, 0.5686514548841314], 2.1042503103112584, PointKind.LocalMinimum),
            new([1.703606714969981, -0.7960835686726251], -0.21546382438371764, PointKind.LocalMinimum),
            new([-1.2302298765166526, -0.16233458445899496], 2.496295351023577, PointKind.Maximum),
            new([1.2302298765166526, 0.16233458445899496], 2.496295351023577, PointKind.Maximum),
            new([-1.6380679841897785, -0.22867406904439408], 2.2293571975307147, PointKind.Saddle),
            new([-1.2960702671671092, -0.6050843880386585], 2.22947081802986, PointKind.Saddle),
            new([-1.1092053368047865, 0.7682680925095399], 0.5437186009781851, PointKind.Saddle),
            new([0.0, 0.0], 0.0, PointKind.Saddle),
            new([1.1092053368047865, -0.7682680925095399], 0.5437186009781851, PointKind.Saddle),
            new([1.2960702671671092, 0.6050843880386585], 2.22947081802986, PointKind.Saddle),
            new([1.6380679841897785, 0.22867406904439408], 2.2293571975307147, PointKind.Saddle),
        ],
        ["goldstein-price"] =
        [
            new([0.0, -1.0], 3.0, PointKind.GlobalMinimum),
            new([-0.6, -0.4], 30.0, PointKind.LocalMinimum),
            new([1.2, 0.8], 840.0, PointKind.LocalMinimum),
            new([1.8, 0.2], 84.0, PointKind.LocalMinimum),
        ],
    };
}
