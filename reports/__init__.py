"""The ROSE pack: the charts of the current view as an editable PowerPoint deck
(``reports.pptx.deck``) and as the numbers behind them in Excel
(``reports.xlsx.workbook``), both drawn from the same ``ChartSpec``s as the screen.
"""
