/// Conversions between eight SIMD lanes and an `InlineArray` of eight, lane for lane.
extension SIMD8<Float> {
    /// The eight values of `array`, in order.
    /// - Parameter array: the values of lanes 0 … 7.
    @inline(__always)
    public init(_ array: InlineArray<8, Float>) {
        self.init()
        for i in 0..<8 { self[i] = array[i] }
    }
}

extension InlineArray<8, Float> {
    /// The eight lanes of `lanes`, in order.
    /// - Parameter lanes: the values of elements 0 … 7.
    @inline(__always)
    public init(_ lanes: SIMD8<Float>) {
        self.init(repeating: 0)
        for i in 0..<8 { self[i] = lanes[i] }
    }
}
