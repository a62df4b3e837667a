extension Array {
    /// The index of the first element for which `isAfter` holds, by bisection: the elements for which it does not
    /// hold must all come first.
    func partitionPoint(where isAfter: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if isAfter(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
